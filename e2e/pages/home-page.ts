import { Screen } from "./screen";
import { Shell } from "./shell";

/** The dashboard at /. */
export class HomePage extends Screen {
  readonly shell = new Shell(this.page);
  readonly pushRulesCard = this.page.getByRole("link", { name: /Choose, per program, which events go to which connectors/ });

  /** The Connectors card's line about a connector that needs attention (failing or turned off), found by its link. */
  connectorAttention(name: string) {
    return this.page.getByRole("listitem").filter({ has: this.page.getByRole("link", { name, exact: true }) });
  }

  async goto() {
    await this.page.goto("/");
  }
}
