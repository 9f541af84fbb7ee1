# scripts/deps.sh: sourced by quickstart and test. Installs the Debian packages zhx
# needs when they are missing: with apt-get when we are root, else it prints the
# exact command to run and stops.
# What building and running zhx needs (quickstart):
ZHX_PACKAGES="cmake make gcc pkg-config libpcre2-dev libutf8proc-dev libcjson-dev libopencc-dev opencc python3"
# What the tests need on top (scripts/test sets ZHX_WITH_TESTS=1): cmocka; ripgrep,
# time, jieba and node for the bench smoke runs and peers; valgrind; setpriv
# (util-linux); GNU parallel for the mapper test; chromium, nodejs, npm and
# fonts-noto-cjk for the review page test (tests/browser; chromium-driver is
# there for WebDriver tools).
ZHX_TEST_PACKAGES="libcmocka-dev ripgrep time python3-jieba valgrind util-linux parallel chromium chromium-driver nodejs npm fonts-noto-cjk"
if [ "${ZHX_WITH_TESTS:-0}" = 1 ]; then
    ZHX_PACKAGES="$ZHX_PACKAGES $ZHX_TEST_PACKAGES"
fi

zhx_missing_packages() {
    local p missing="" provided
    # A package counts as present when an installed one provides it: NodeSource's
    # nodejs provides (and conflicts with) Debian's npm, and apt-get install npm
    # would fail there.
    provided=$(dpkg-query -W -f='${db:Status-Abbrev}|${Provides}\n' 2>/dev/null |
               sed -n 's/^ii *|//p' | tr ',' '\n' | sed 's/([^)]*)//; s/:any//; s/^ *//; s/ *$//')
    for p in $ZHX_PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" && continue
        printf '%s\n' "$provided" | grep -qxF "$p" && continue
        missing="$missing $p"
    done
    echo "$missing"
}

zhx_install_deps() {
    local missing
    missing=$(zhx_missing_packages)
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" -eq 0 ]; then
        echo "zhx: installing missing Debian packages:$missing" >&2
        export DEBIAN_FRONTEND=noninteractive
        apt-get update -qq >&2 && apt-get install -y -qq $missing >&2
    else
        echo "zhx: missing Debian packages:$missing" >&2
        echo "zhx: install them with:  sudo apt-get update && sudo apt-get install -y$missing" >&2
        exit 1
    fi
}
