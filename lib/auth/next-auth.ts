import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db";
import { env } from "@/lib/env";
import { clientAddress } from "./address-limit";
import { authLogger } from "./auth-logger";
import { authenticate, LoginError } from "./credentials";

class RateLimitedSignin extends CredentialsSignin {
  override code = "rate_limited";
}

class AddressRateLimitedSignin extends CredentialsSignin {
  override code = "address_rate_limited";
}

const SESSION_MAX_AGE_SECONDS = 8 * 60 * 60;


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
  logger: authLogger,
  providers: [
    Credentials({
      credentials: { email: { label: "Email" }, password: { label: "Password", type: "password" } },
      // `request` carries the headers of the request that called signIn (the login form's action).
      async authorize(credentials, request) {
        const email = typeof credentials?.email === "string" ? credentials.email : "";
        const password = typeof credentials?.password === "string" ? credentials.password : "";
        const { login } = env();
        const client = { address: clientAddress(request.headers, login.trustedProxyHops), attemptsPerMinute: login.attemptsPerMinute };
        try {
          const user = await authenticate(getDb(), email, password, { client });
          return { id: user.id, email: user.email, name: user.name };
        } catch (error) {
          if (error instanceof LoginError && error.reason === "rate_limited") throw new RateLimitedSignin();
          if (error instanceof LoginError && error.reason === "address_rate_limited") throw new AddressRateLimitedSignin();
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
