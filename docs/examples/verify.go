// Package webhookverify verifies Integrations Hub webhooks (Go standard library only).
package webhookverify

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Tolerance is how far X-Qualifio-Timestamp / webhook-timestamp may be from your clock.
const Tolerance = 5 * time.Minute

func fresh(timestamp string, now time.Time, tolerance time.Duration) bool {
	if timestamp == "" || strings.TrimLeft(timestamp, "0123456789") != "" {
		return false
	}
	seconds, err := strconv.ParseInt(timestamp, 10, 64)
	if err != nil {
		return false
	}
	diff := now.Unix() - seconds
	if diff < 0 {
		diff = -diff
	}
	return diff <= int64(tolerance/time.Second)
}

// VerifyQualifio checks X-Qualifio-Signature: "sha256=<hex>", or "sha256=<new>,sha256=<old>"
// during a rotation. body is the raw request body (io.ReadAll(r.Body)), before any JSON decoding;
// secrets holds your secret, or several while you rotate.
func VerifyQualifio(body []byte, header http.Header, secrets []string, now time.Time) bool {
	signature := header.Get("X-Qualifio-Signature")
	if signature == "" || !fresh(header.Get("X-Qualifio-Timestamp"), now, Tolerance) {
		return false
	}
	var received []string
	for _, part := range strings.Split(signature, ",") {
		part = strings.TrimSpace(part)
		if strings.HasPrefix(part, "sha256=") {
			received = append(received, strings.TrimPrefix(part, "sha256="))
		}
	}
	for _, secret := range secrets {
		mac := hmac.New(sha256.New, []byte(secret))
		mac.Write(body)
		expected := []byte(hex.EncodeToString(mac.Sum(nil)))
		for _, candidate := range received {
			if hmac.Equal([]byte(candidate), expected) {
				return true
			}
		}
	}
	return false
}

// VerifyStandardWebhooks checks webhook-signature: "v1,<base64 HMAC-SHA256 of id.timestamp.body>",
// several separated by spaces during a rotation. The key is the base64 after "whsec_".
func VerifyStandardWebhooks(body []byte, header http.Header, secrets []string, now time.Time) bool {
	id := header.Get("webhook-id")
	timestamp := header.Get("webhook-timestamp")
	signature := header.Get("webhook-signature")
	if id == "" || signature == "" || !fresh(timestamp, now, Tolerance) {
		return false
	}
	var received []string
	for _, part := range strings.Split(signature, " ") {
		if strings.HasPrefix(part, "v1,") {
			received = append(received, strings.TrimPrefix(part, "v1,"))
		}
	}
	for _, secret := range secrets {
		key := []byte(secret)
		if strings.HasPrefix(secret, "whsec_") {
			decoded, err := base64.StdEncoding.DecodeString(strings.TrimPrefix(secret, "whsec_"))
			if err != nil {
				continue
			}
			key = decoded
		}
		mac := hmac.New(sha256.New, key)
		mac.Write([]byte(id + "." + timestamp + "."))
		mac.Write(body)
		expected := []byte(base64.StdEncoding.EncodeToString(mac.Sum(nil)))
		for _, candidate := range received {
			if hmac.Equal([]byte(candidate), expected) {
				return true
			}
		}
	}
	return false
}
