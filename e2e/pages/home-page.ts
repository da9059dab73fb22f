import { Screen } from "./screen";
import { Shell } from "./shell";

/** The dashboard at /. */
export class HomePage extends Screen {
  readonly shell = new Shell(this.page);
  readonly pushRulesCard = this.page.getByRole("link", { name: /Choose, per program, which events go to which connectors/ });

  async goto() {
    await this.page.goto("/");
  }
}
