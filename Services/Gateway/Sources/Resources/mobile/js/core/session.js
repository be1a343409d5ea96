// Who is signed in on this phone. Unlike the console (sessionStorage), the app keeps its session in localStorage:
// a tester who closes the app in a basement reopens it offline and goes on entering values — the session is bound to
// this device's key by identity, short-lived, and ended by 退出 or by a device manager disabling the device.
// A second person on the same phone (a reviewer, §4.3.10.5) gets a `guest` session held in memory only: it ends with
// the review, and the tester's session is never touched.
const KEY = "metrology.mobile.session";

class Session {
  constructor() {
    this.state = safeParse(localStorage.getItem(KEY));
    this.onExpired = () => {};
  }
  get accessToken() { return this.state?.accessToken; }
  get refreshToken() { return this.state?.refreshToken; }
  get user() { return this.state?.user; }
  get deviceId() { return this.state?.deviceId; }
  get signedIn() { return Boolean(this.state?.accessToken); }

  save(tokens) {
    this.state = { accessToken: tokens.accessToken, refreshToken: tokens.refreshToken, user: tokens.user,
      deviceId: tokens.deviceId || this.state?.deviceId || "" };
    localStorage.setItem(KEY, JSON.stringify(this.state));
  }
  setUser(user) {
    if (!this.state) return;
    this.state.user = user;
    localStorage.setItem(KEY, JSON.stringify(this.state));
  }
  clear() {
    this.state = null;
    localStorage.removeItem(KEY);
  }
  can(permission) { return Boolean(this.user?.permissions?.includes(permission)); }

  // Several calls may find the token expired at once; they share one refresh. Only identity's refusal ends the
  // session; a network failure keeps it (the phone may simply be offline).
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
}

function safeParse(text) {
  try { return JSON.parse(text || "null"); } catch { return null; }
}

export const session = new Session();
