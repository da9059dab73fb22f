/**
 * Copies text with the async Clipboard API. False when the browser has none (an insecure origin,
 * an old browser) or refuses (permission denied, the document not focused), so that a control can
 * say the copy failed instead of claiming "Copied".
 */
export async function copyText(text: string): Promise<boolean> {
  const clipboard = typeof navigator === "undefined" ? undefined : navigator.clipboard;
  if (typeof clipboard?.writeText !== "function") return false;
  try {
    await clipboard.writeText(text);
    return true;
  } catch {
    return false;
  }
}
