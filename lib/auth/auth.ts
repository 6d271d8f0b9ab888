import "server-only";
import NextAuth, { CredentialsSignin } from "next-auth";
import Credentials from "next-auth/providers/credentials";
import { getDb } from "@/db/client";
import { envValue } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { clientIp } from "@/lib/http/client-ip";
import { checkCredentials } from "./credentials";

class RateLimited extends CredentialsSignin {
  code = "rate_limited";
}

const maxAgeHours = envValue("KONVERSIO_SESSION_MAX_AGE_HOURS");

// The JWT carries only the user id and session version; role, active flag and memberships are
// read from the database on every request (lib/auth/session.ts).
export const { handlers, auth, signIn, signOut } = NextAuth({
  trustHost: true,
  session: { strategy: "jwt", maxAge: Math.round(maxAgeHours * 3600) },
  pages: { signIn: "/login" },
  providers: [
    Credentials({
      credentials: { email: {}, password: {} },
      async authorize(credentials, request) {
        try {
          const user = await checkCredentials(getDb(), credentials, clientIp(request.headers));
          return { id: user.id, sessionVersion: user.sessionVersion };
        } catch (e) {
          if (e instanceof AppError && e.code === "rate_limited") throw new RateLimited();
          if (e instanceof AppError) return null;
          throw e;
        }
      },
    }),
  ],
  callbacks: {
    jwt({ token, user }) {
      if (user) {
        token.sub = user.id;
        token.sv = (user as { sessionVersion?: number }).sessionVersion ?? 1;
      }
      return { sub: token.sub, sv: token.sv, iat: token.iat, exp: token.exp, jti: token.jti };
    },
    session({ session, token }) {
      return { ...session, user: { id: token.sub ?? "", sessionVersion: Number(token.sv ?? 0) } } as unknown as typeof session;
    },
  },
});
