// Who is signed in: tokens in sessionStorage (gone when the tab closes, never shared with other tabs or sites), the
// user with their permissions from /v1/me. The services check every permission again; the console only uses them to
// show a person what they may do.
const KEY = "metrology.console.session";

class Session {
  constructor() {
    this.state = JSON.parse(sessionStorage.getItem(KEY) || "null");
    this.onExpired = () => {};
  }
  get accessToken() { return this.state?.accessToken; }
  get refreshToken() { return this.state?.refreshToken; }
  get user() { return this.state?.user; }
  get signedIn() { return Boolean(this.state?.accessToken); }
  /** An administrator set the password: every service refuses all but the change itself until it is changed. */
  get mustChangePassword() { return Boolean(this.state?.mustChangePassword); }

  /** Stores what /v1/auth/login or /v1/auth/refresh answered. */
  save(tokens) {
    this.state = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, user: tokens.user,
      mustChangePassword: Boolean(tokens.mustChangePassword) };
    sessionStorage.setItem(KEY, JSON.stringify(this.state));
  }
  setUser(user) {
    if (!this.state) return;
    this.state.user = user;
    sessionStorage.setItem(KEY, JSON.stringify(this.state));
  }
  clear() {
    this.state = null;
    sessionStorage.removeItem(KEY);
  }

  /** True when the user holds the permission. */
  can(permission) { return Boolean(this.user?.permissions?.includes(permission)); }
  /** True when the user holds at least one of them (an empty list means "any signed-in user"). */
  canAny(permissions) { return !permissions?.length || permissions.some((p) => this.can(p)); }

  // Several calls may find the token expired at once; they share one refresh. Only the identity service's refusal
  // of the refresh token ends the session: a network failure is thrown to the caller, and the page (with whatever
  // the person typed) stays.
  async refresh(call) {
    if (!this.refreshing) {
      this.refreshing = (async () => {
        try {
          this.save(await call(this.refreshToken));
          return true;
        } catch (error) {
          if (error.status === 400 || error.status === 401) return false;
          throw error;
        } finally {
          this.refreshing = null;
        }
      })();
    }
    return this.refreshing;
  }
  expired(error) {
    this.clear();
    this.onExpired(error);
  }
}

export const session = new Session();
