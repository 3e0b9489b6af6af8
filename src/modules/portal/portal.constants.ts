/** How long a portal session lasts after the code was read back. */
export const PORTAL_SESSION_DAYS = 7;
/** How far ahead the portal shows planned shutdowns. */
export const POWER_AHEAD_DAYS = 7;
/** The most shutdowns the public list shows. */
export const PUBLIC_PLANNED_LIMIT = 200;
/** The consumer's session cookie (apart from the staff's pd_session). */
export const PORTAL_COOKIE = "pd_portal";
export const PHOTO_TYPES = ["image/jpeg", "image/png"] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];
