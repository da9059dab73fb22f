import { alerts } from "./alerts";
import { deliver } from "./deliver";
import { fanOut } from "./fan-out";
import { retention } from "./retention";
import { sweep } from "./sweep";

/** Every function served at /api/inngest. */
export const functions = [fanOut, deliver, sweep, retention, alerts];
