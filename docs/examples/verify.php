<?php
// Verifying Integrations Hub webhooks in PHP 8+ (standard library only).

const QUALIFIO_TOLERANCE_SECONDS = 300;

/** A header from getallheaders() or any array, whatever the case of its names. */
function qualifio_header(array $headers, string $name): ?string
{
    foreach ($headers as $key => $value) {
        if (strtolower((string) $key) === $name) {
            return is_array($value) ? implode(',', $value) : (string) $value;
        }
    }
    return null;
}

function qualifio_fresh(?string $timestamp, int $now, int $tolerance): bool
{
    return $timestamp !== null && preg_match('/\A\d+\z/', $timestamp) === 1 && abs($now - (int) $timestamp) <= $tolerance;
}

/**
 * X-Qualifio-Signature: "sha256=<hex>", or "sha256=<new>,sha256=<old>" during a rotation.
 * $rawBody is file_get_contents('php://input'), before any json_decode; $secrets is your secret,
 * or an array of them while you rotate.
 */
function verify_qualifio(string $rawBody, array $headers, string|array $secrets, ?int $now = null, int $tolerance = QUALIFIO_TOLERANCE_SECONDS): bool
{
    $now ??= time();
    $signature = qualifio_header($headers, 'x-qualifio-signature');
    if ($signature === null || !qualifio_fresh(qualifio_header($headers, 'x-qualifio-timestamp'), $now, $tolerance)) {
        return false;
    }
    $received = [];
    foreach (explode(',', $signature) as $part) {
        $part = trim($part);
        if (str_starts_with($part, 'sha256=')) {
            $received[] = substr($part, strlen('sha256='));
        }
    }
    foreach ((array) $secrets as $secret) {
        $expected = hash_hmac('sha256', $rawBody, $secret);
        foreach ($received as $candidate) {
            if (hash_equals($expected, $candidate)) {
                return true;
            }
        }
    }
    return false;
}

/** Standard Webhooks: webhook-signature is "v1,<base64 HMAC-SHA256 of id.timestamp.body>", space-separated. */
function verify_standard_webhooks(string $rawBody, array $headers, string|array $secrets, ?int $now = null, int $tolerance = QUALIFIO_TOLERANCE_SECONDS): bool
{
    $now ??= time();
    $id = qualifio_header($headers, 'webhook-id');
    $timestamp = qualifio_header($headers, 'webhook-timestamp');
    $signature = qualifio_header($headers, 'webhook-signature');
    if ($id === null || $id === '' || $signature === null || !qualifio_fresh($timestamp, $now, $tolerance)) {
        return false;
    }
    $received = [];
    foreach (explode(' ', $signature) as $part) {
        if (str_starts_with($part, 'v1,')) {
            $received[] = substr($part, strlen('v1,'));
        }
    }
    foreach ((array) $secrets as $secret) {
        $key = str_starts_with($secret, 'whsec_') ? base64_decode(substr($secret, strlen('whsec_'))) : $secret;
        $expected = base64_encode(hash_hmac('sha256', "$id.$timestamp.$rawBody", $key, true));
        foreach ($received as $candidate) {
            if (hash_equals($expected, $candidate)) {
                return true;
            }
        }
    }
    return false;
}
