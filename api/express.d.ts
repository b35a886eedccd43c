import type { Actor } from '../domain/roles';

declare global {
  namespace Express {
    interface Request {
      /** The signed-in user, set by the authentication middleware. */
      actor?: Actor;
      /** Hash of the bearer token of this request's session (for logout). */
      sessionTokenHash?: string;
      /** The user must change the password before doing anything else. */
      mustChangePassword?: boolean;
      /** Why the bearer token was not accepted (reported by protected routes). */
      authError?: import("./errors").ApiError;
    }
  }
}
export {};
