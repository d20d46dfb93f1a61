#!/bin/sh
# Makes a CA and the certificates for mutual TLS to the Temporal frontend, in OUT_DIR
# (default: deploy/tls/certs, git-ignored), one folder per service so that each one is given its own
# key and nothing else:
#
#   ca/        ca.pem, ca-key.pem       the CA. Its key signs every identity below: no container
#                                       mounts this folder; keep it offline in real use
#   temporal/  frontend.pem (+ -key)    the Temporal frontend (names: temporal, localhost, 127.0.0.1)
#              internal.pem (+ -key)    the server's own system workers (client, role "system")
#   worker/    worker.pem (+ -key)      our worker             (client, role "worker")
#   api/       api.pem (+ -key)         our API                (client, role "api")
#   ui/        ui.pem (+ -key)          Temporal UI            (client, role "reader": read-only)
#   admin/     admin.pem (+ -key)       operators' `temporal` CLI and the namespace job (role "admin")
#
# Each service folder also holds ca.pem (to check the other side). A client certificate's common
# name is its role on our Temporal server (deploy/temporal/server/authz.go).
#
# Modes: every private key 0600, every folder 0700, certificates 0644. Run as root, each service
# folder and its files belong to the user the service runs as (TLS_OWNER_<SERVICE>=uid:gid, else
# TLS_OWNER, else 1000:1000: the user of every image docker-compose.yml runs); the CA stays the
# operator's.
# Run as another user, everything stays that user's (so the containers of compose need it to be 1000).
#
# Existing files are kept (delete one and run again to renew it). A folder made by the older flat
# layout keeps its CA (moved to ca/); its old files are made private and left for you to delete.
# Plain POSIX sh + openssl.
set -eu
OUT=${1:-$(dirname "$0")/certs}
DAYS=${CERT_DAYS:-825}
NAMES=${TEMPORAL_TLS_NAMES:-DNS:temporal,DNS:localhost,IP:127.0.0.1}
umask 077
mkdir -p "$OUT"
cd "$OUT"
chmod 700 .
mkdir -p ca

# The older flat layout: keep its CA, and take away the world-readable modes it gave every key.
if [ -f ca-key.pem ] && [ ! -f ca/ca-key.pem ]; then mv ca.pem ca-key.pem ca/; fi
for old in ./*.pem; do
  [ -f "$old" ] || continue
  chmod 600 "$old"
  echo "note: $OUT/${old#./} is from the older flat layout and no longer used; delete it" >&2
done

if [ ! -f ca/ca.pem ]; then
  openssl req -x509 -newkey rsa:2048 -nodes -sha256 -days "$DAYS" \
    -subj "/CN=escalate-before-no temporal CA" -keyout ca/ca-key.pem -out ca/ca.pem 2>/dev/null
fi

issue() { # folder, name, extendedKeyUsage, subjectAltName (or empty)
  mkdir -p "$1"
  [ -f "$1/$2.pem" ] && return 0
  openssl req -newkey rsa:2048 -nodes -sha256 -subj "/CN=$2" -keyout "$1/$2-key.pem" -out "$1/$2.csr" 2>/dev/null
  {
    echo "basicConstraints=CA:FALSE"
    echo "keyUsage=digitalSignature,keyEncipherment"
    echo "extendedKeyUsage=$3"
    [ -n "$4" ] && echo "subjectAltName=$4"
  } > "$1/$2.ext"
  openssl x509 -req -in "$1/$2.csr" -CA ca/ca.pem -CAkey ca/ca-key.pem -CAcreateserial -days "$DAYS" -sha256 \
    -extfile "$1/$2.ext" -out "$1/$2.pem" 2>/dev/null
  rm -f "$1/$2.csr" "$1/$2.ext"
}

issue temporal frontend serverAuth "$NAMES"
issue temporal internal clientAuth ""
for client in worker api ui admin; do issue "$client" "$client" clientAuth ""; done
rm -f ca/ca.srl

for service in temporal worker api ui admin; do
  cp ca/ca.pem "$service/ca.pem"
  chmod 700 "$service"
  chmod 644 "$service"/*.pem
  chmod 600 "$service"/*-key.pem
  if [ "$(id -u)" = 0 ]; then
    owner=$(eval "echo \${TLS_OWNER_$(echo "$service" | tr a-z A-Z):-\${TLS_OWNER:-1000:1000}}")
    chown -R "$owner" "$service"
  fi
done
chmod 700 ca
chmod 644 ca/ca.pem
chmod 600 ca/ca-key.pem
echo "certificates in $OUT (one folder per service; the CA key in $OUT/ca)"
