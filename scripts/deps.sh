# scripts/deps.sh: sourced by quickstart and test. Installs the Debian packages zhx
# needs when they are missing: with apt-get when we are root, else it prints the
# exact command to run and stops.
ZHX_PACKAGES="cmake make gcc pkg-config libpcre2-dev libutf8proc-dev libcjson-dev libcmocka-dev python3 ripgrep time python3-jieba valgrind util-linux parallel"

zhx_missing_packages() {
    local p missing=""
    for p in $ZHX_PACKAGES; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
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
