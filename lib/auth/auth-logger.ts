import { log } from "@/lib/log";

/**
 * Auth.js's own lines, through the app's logger (its level, format and redaction) instead of the
 * console. A refused sign-in is routine: a warning with its code, and nothing of what was submitted.
 * (Auth.js errors carry their kind in `type`; checked by name so this module does not load next-auth.)
 */
export const authLogger = {
  error(error: Error & { type?: string; code?: string }) {
    const auth = log("auth");
    if (error.type === "CredentialsSignin") auth.warn({ code: error.code }, "sign-in refused");
    else auth.error({ err: error }, error.message);
  },
  warn(code: string) {
    log("auth").warn({ code }, `Auth.js warning: ${code}`);
  },
  debug(message: string, metadata?: unknown) {
    log("auth").debug({ metadata }, message);
  },
};
