/**
 * A part of a channel URL (the user, the password, the path) percent-decoded.
 * @param name the part, for the message: `the password`
 * @throws Error naming the part, never its value, when a percent-encoding is broken
 */
export function decodeUrlPart(part: string, name: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new Error(`${name}: a percent-encoding is broken`);
  }
}
