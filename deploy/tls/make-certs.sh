#!/bin/sh
# Makes a CA and the certificates for mutual TLS to the Temporal frontend, in OUT_DIR
# (default: deploy/tls/certs, git-ignored). `docker compose` mounts that folder read-only at
# /etc/temporal/tls; `npm run test:production` makes a throw-away set for its own run.
#
#   ca.pem / ca-key.pem              the CA (keep ca-key.pem offline in real use)
#   frontend.pem / frontend-key.pem  the Temporal frontend (names: temporal, localhost, 127.0.0.1)
#   internal.pem                     the Temporal server's own system workers (client)
#   worker.pem, api.pem, ui.pem, admin.pem (+ -key.pem)   clients: our worker, our API, Temporal UI,
#                                    operators' `temporal` CLI and the setup job
#
# Existing files are kept (run it again after deleting one to renew it). Plain POSIX sh + openssl.
set -eu
OUT=${1:-$(dirname "$0")/certs}
DAYS=${CERT_DAYS:-825}
NAMES=${TEMPORAL_TLS_NAMES:-DNS:temporal,DNS:localhost,IP:127.0.0.1}
mkdir -p "$OUT"
umask 077
cd "$OUT"

if [ ! -f ca.pem ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" \
    -subj "/CN=escalate-before-no temporal CA" -keyout ca-key.pem -out ca.pem 2>/dev/null
fi

issue() { # name, extendedKeyUsage, subjectAltName (or empty)
  [ -f "$1.pem" ] && return 0
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=$1" -keyout "$1-key.pem" -out "$1.csr" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$2"
    [ -n "$3" ] && echo "subjectAltName=$3"
  } > "$1.ext"
  openssl x509 -req -in "$1.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial -days "$DAYS" -sha256 \
    -extfile "$1.ext" -out "$1.pem" 2>/dev/null
  rm -f "$1.csr" "$1.ext"
}

issue frontend serverAuth "$NAMES"
issue internal clientAuth ""
for client in worker api ui admin; do issue "$client" clientAuth ""; done
rm -f ca.srl
# Containers run as other users than the one who made the files: readable, inside a private folder.
chmod 644 ./*.pem
chmod 755 .
echo "certificates in $OUT"
