import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { authenticate, LoginError } from "./credentials";

class RateLimitedSignin extends CredentialsSignin {
  override code = "rate_limited";
}

export const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;

/*
 * Configured lazily (a function, not an object) so nothing reads the environment or the database
 * while `next build` imports this module.
 */
export const { handlers, auth, signIn, signOut } = NextAuth(() => ({
  secret: env().authSecret,
  // Self-hosted behind `next start` or a reverse proxy: the Host header is the app's own.
  trustHost: true,
  session: { strategy: "jwt", maxAge: SESSION_MAX_AGE_SECONDS },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      async authorize(credentials) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        try {
          const user = await authenticate(getDb(), email, password);
          return { id: user.id, email: user.email, name: user.name };
        } catch (error) {
          if (error instanceof LoginError && error.reason === "rate_limited") throw new RateLimitedSignin();
          if (error instanceof LoginError) return null;
          throw error;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user?.id) token.sub = user.id;
      return token;
    },
    session({ session, token }) {
      if (token.sub) session.user.id = token.sub;
      return session;
    },
  },
}));
