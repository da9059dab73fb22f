// Types for verify.mjs, so the TypeScript test can import the Node snippet as it is published.

type Headers = Record<string, string | string[] | undefined> | { get(name: string): string | null };
type Options = { now?: number; toleranceSeconds?: number };

export const TOLERANCE_SECONDS: number;
export function verifyQualifio(rawBody: Buffer, headers: Headers, secrets: string | string[], options?: Options): boolean;
export function verifyStandardWebhooks(rawBody: Buffer, headers: Headers, secrets: string | string[], options?: Options): boolean;
