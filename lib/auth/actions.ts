"use server";

import { AuthError, CredentialsSignin } from "next-auth";
import { signIn, signOut } from "./next-auth";

export type LoginState = { error?: string; email?: string };

/** What the login form says for each CredentialsSignin code (lib/auth/next-auth.ts). */
const signInErrors: Record<string, string> = {
  credentials: "Invalid email or password.",
  rate_limited: "Too many failed attempts for this email. Wait a few minutes and try again.",
  address_rate_limited: "Too many sign-in attempts from your network. Wait a minute and try again.",
};

/** Only same-site paths: an open redirect after sign-in would hand the session to a phishing page. */
function safeCallback(value: FormDataEntryValue | null): string {
  const path = typeof value === "string" ? value : "";
  return path.startsWith("/") && !path.startsWith("//") && !path.startsWith("/\\") ? path : "/";
}

export async function loginAction(_prev: LoginState, formData: FormData): Promise<LoginState> {
  const email = String(formData.get("email") ?? "");
  const password = String(formData.get("password") ?? "");
  if (!email.trim() || !password) return { error: "Enter your email and password.", email };
  try {
    await signIn("credentials", { email, password, redirectTo: safeCallback(formData.get("callbackUrl")) });
    return {};
  } catch (error) {
    if (error instanceof CredentialsSignin) {
      return { email, error: signInErrors[error.code] ?? signInErrors.credentials };
    }
    if (error instanceof AuthError) return { email, error: "Sign-in failed. Try again." };
    throw error; // includes the redirect that signals success
  }
}

export async function logoutAction() {
  await signOut({ redirectTo: "/login" });
}
