#!/usr/bin/env bash
# A signed, encrypted contract the way IBM's documentation builds one with the openssl CLI:
# per section a random password (openssl rand), the password encrypted for the encryption
# certificate (pkeyutl -encrypt), the section encrypted with it (enc -aes-256-cbc -pbkdf2
# -pass stdin); the signing key's public half written into env; the two tokens signed
# (dgst -sha256 -sign). The benchmark runs it to compare against.
#
# Inputs, in the environment: HPCR_CERTIFICATE (PEM), HPCR_SIGNING_KEY (PEM), HPCR_WORKLOAD and
# HPCR_ENV (the section texts; env without signingKey), HPCR_PREFIX (default
# hyper-protect-basic). Output: the user data on stdout. Keys and plaintexts reach openssl
# through pipes (process substitution), never through files.
set -euo pipefail
# A failure inside a command substitution stops the script instead of leaving a token short.
shopt -s inherit_errexit

prefix="${HPCR_PREFIX:-hyper-protect-basic}"

# One section token for the text in $1.
section_token() {
    local password encrypted_password body
    # The documented pipeline's password is 32 raw random bytes, which `-pass stdin` reads up to
    # the first newline or NUL. One in 256 starts with a NUL (base64 "A" then "A" to "P"), and
    # openssl then refuses an empty password: draw again, as a user of that pipeline must.
    password="$(openssl rand 32 | base64 -w0)"
    while [[ $password == A[A-P]* ]]; do password="$(openssl rand 32 | base64 -w0)"; done
    encrypted_password="$(printf '%s' "$password" | base64 -d |
        openssl pkeyutl -encrypt -certin -inkey <(printf '%s' "$HPCR_CERTIFICATE") |
        base64 -w0)"
    body="$(printf '%s' "$password" | base64 -d |
        openssl enc -aes-256-cbc -pbkdf2 -pass stdin -in <(printf '%s' "$1") |
        base64 -w0)"
    printf '%s.%s.%s' "$prefix" "$encrypted_password" "$body"
}

signing_key_value="$(openssl rsa -pubout -in <(printf '%s' "$HPCR_SIGNING_KEY") 2>/dev/null |
    base64 -w0)"
env_text="${HPCR_ENV%$'\n'}"$'\n'"signingKey: ${signing_key_value}"$'\n'

workload="$(section_token "$HPCR_WORKLOAD")"
env="$(section_token "$env_text")"
signature="$(printf '%s%s' "$workload" "$env" |
    openssl dgst -sha256 -sign <(printf '%s' "$HPCR_SIGNING_KEY") |
    openssl enc -base64 | tr -d '\n\r')"

printf 'env: %s\nenvWorkloadSignature: %s\nworkload: %s\n' "$env" "$signature" "$workload"
