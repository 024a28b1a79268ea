#!/usr/bin/env bash
# Vendor the U.S. Web Design System and htmx from the npm registry into
# static/vendor/. No CDN is used at build or run time.
#
# Usage (from the project root):  bash scripts/vendor_static.sh
#                            or:  make vendor-static
#
# Idempotent: the vendored directories are rebuilt from scratch on every run,
# and the output depends only on the pinned versions below.
set -euo pipefail

USWDS_PKG="@uswds/uswds"
USWDS_VERSION="3.14.0"
HTMX_PKG="htmx.org"
HTMX_VERSION="2.0.11"

# Always operate relative to the project root (the parent of scripts/).
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENDOR="${ROOT}/static/vendor"

for cmd in npm node tar; do
    command -v "$cmd" >/dev/null 2>&1 || { echo "error: '$cmd' is required" >&2; exit 1; }
done

TMP="$(mktemp -d "${TMPDIR:-/tmp}/vendor_static.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

# npm pack <spec> into $TMP, extract into $TMP/<dir>/package; echo "integrity".
fetch() {
    local spec="$1" dir="$2" json filename integrity
    json="$(npm pack --ignore-scripts --silent --json --pack-destination "$TMP" "$spec")"
    filename="$(printf '%s' "$json" | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8"))[0].filename)')"
    integrity="$(printf '%s' "$json" | node -e 'process.stdout.write(JSON.parse(require("fs").readFileSync(0, "utf8"))[0].integrity)')"
    mkdir -p "$TMP/$dir"
    tar -xzf "$TMP/$filename" -C "$TMP/$dir" --no-same-owner
    printf '%s' "$integrity"
}

# Print a field of a package.json.
pkg_field() {
    node -e 'const p = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8")); const v = p[process.argv[2]]; process.stdout.write(typeof v === "object" ? JSON.stringify(v) : String(v));' "$1" "$2"
}

echo "Fetching ${USWDS_PKG}@${USWDS_VERSION} and ${HTMX_PKG}@${HTMX_VERSION} from $(npm config get registry)"
USWDS_INTEGRITY="$(fetch "${USWDS_PKG}@${USWDS_VERSION}" uswds)"
HTMX_INTEGRITY="$(fetch "${HTMX_PKG}@${HTMX_VERSION}" htmx)"

U="$TMP/uswds/package"
H="$TMP/htmx/package"

# Sanity-check we got what we asked for.
[ "$(pkg_field "$U/package.json" name)" = "$USWDS_PKG" ] && [ "$(pkg_field "$U/package.json" version)" = "$USWDS_VERSION" ] \
    || { echo "error: unexpected USWDS package contents" >&2; exit 1; }
[ "$(pkg_field "$H/package.json" name)" = "$HTMX_PKG" ] && [ "$(pkg_field "$H/package.json" version)" = "$HTMX_VERSION" ] \
    || { echo "error: unexpected htmx package contents" >&2; exit 1; }

USWDS_LICENSE="$(pkg_field "$U/package.json" license)"
HTMX_LICENSE="$(pkg_field "$H/package.json" license)"

# Rebuild the vendored trees from scratch so removed upstream files don't linger.
rm -rf "$VENDOR/uswds" "$VENDOR/htmx"
mkdir -p "$VENDOR/uswds/css" "$VENDOR/uswds/js" "$VENDOR/htmx"

# USWDS: keep dist layout {css,js,fonts,img} because uswds.min.css refers to
# ../fonts and ../img relatively. Source maps are copied too because the
# minified files end with sourceMappingURL comments, which Django's
# ManifestStaticFilesStorage (and WhiteNoise's variant) resolve and would
# otherwise fail on during collectstatic.
cp "$U/dist/css/uswds.min.css" "$U/dist/css/uswds.min.css.map" "$VENDOR/uswds/css/"
cp "$U/dist/js/uswds.min.js" "$U/dist/js/uswds.min.js.map" \
   "$U/dist/js/uswds-init.min.js" "$U/dist/js/uswds-init.min.js.map" "$VENDOR/uswds/js/"
cp -R "$U/dist/fonts" "$VENDOR/uswds/fonts"
cp -R "$U/dist/img" "$VENDOR/uswds/img"
# Material Icons (8 MB, ~2,400 files) are not referenced by the compiled CSS; leave them out.
rm -rf "$VENDOR/uswds/img/material-icons"
cp "$U/LICENSE.md" "$VENDOR/uswds/LICENSE.md"

# htmx: only the minified build (it has no sourceMappingURL comment).
cp "$H/dist/htmx.min.js" "$VENDOR/htmx/htmx.min.js"
cp "$H/LICENSE" "$VENDOR/htmx/LICENSE"

# Normalise permissions (tarballs can carry odd modes).
find "$VENDOR/uswds" "$VENDOR/htmx" -type d -exec chmod 755 {} +
find "$VENDOR/uswds" "$VENDOR/htmx" -type f -exec chmod 644 {} +

# Fail loudly if anything the templates/CSS rely on is missing.
for f in uswds/css/uswds.min.css uswds/js/uswds.min.js uswds/js/uswds-init.min.js \
         uswds/img/sprite.svg uswds/img/usa-icons uswds/img/usa-icons-bg uswds/fonts \
         htmx/htmx.min.js uswds/LICENSE.md htmx/LICENSE; do
    [ -e "$VENDOR/$f" ] || { echo "error: missing $VENDOR/$f" >&2; exit 1; }
done

cat > "$VENDOR/README.md" <<EOF
# Vendored static assets

Third-party front-end files served by Django's staticfiles. They are fetched
from the npm registry with \`npm pack\` (no CDN is used at build or run time)
and committed to the repository. Do not edit them by hand.

To refresh (after changing the pinned versions at the top of
\`scripts/vendor_static.sh\`):

    make vendor-static

(which runs \`bash scripts/vendor_static.sh\` from the project root).

| Package | Version | Licence (package.json) | Licence file | npm tarball integrity |
|---|---|---|---|---|
| \`${USWDS_PKG}\` | ${USWDS_VERSION} | \`${USWDS_LICENSE}\` | \`uswds/LICENSE.md\` | \`${USWDS_INTEGRITY}\` |
| \`${HTMX_PKG}\` | ${HTMX_VERSION} | \`${HTMX_LICENSE}\` | \`htmx/LICENSE\` | \`${HTMX_INTEGRITY}\` |

USWDS licence summary (see \`uswds/LICENSE.md\`): public domain within the
United States and CC0 1.0 worldwide, except bundled third-party works —
Source Sans Pro, Merriweather and Public Sans fonts (SIL Open Font License
1.1), Roboto Mono font and Material Icons (Apache License 2.0), and
normalize.css-derived code (MIT / CC0).

## What is copied

From \`${USWDS_PKG}@${USWDS_VERSION}\` \`dist/\` into \`uswds/\` (the layout
\`css/ js/ fonts/ img/\` is kept because the CSS refers to \`../fonts\` and
\`../img\` relatively):

- \`css/uswds.min.css\` (+ \`.map\`)
- \`js/uswds.min.js\` (+ \`.map\`), \`js/uswds-init.min.js\` (+ \`.map\`)
- \`fonts/\` (all)
- \`img/\` (all but \`material-icons/\`, which the CSS does not use)

The source maps are included because the minified files end with
\`sourceMappingURL\` comments, which Django's \`ManifestStaticFilesStorage\`
rewrites and would otherwise fail on during \`collectstatic\`.

From \`${HTMX_PKG}@${HTMX_VERSION}\` into \`htmx/\`:

- \`dist/htmx.min.js\` → \`htmx/htmx.min.js\`
EOF

echo "Vendored into ${VENDOR}:"
du -sh "$VENDOR"/uswds "$VENDOR"/htmx
