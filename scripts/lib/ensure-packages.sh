# ensure_packages CHECK:PACKAGE ... installs the Debian PACKAGE when CHECK is
# missing. CHECK is a command name, or a path when it contains a slash.
ensure_packages() {
  local missing=() spec check pkg
  for spec in "$@"; do
    check=${spec%%:*} pkg=${spec#*:}
    if [[ $check == */* ]]; then [[ -e $check ]] || missing+=("$pkg")
    else command -v "$check" >/dev/null 2>&1 || missing+=("$pkg"); fi
  done
  ((${#missing[@]})) || return 0
  local sudo=()
  [[ $(id -u) == 0 ]] || sudo=(sudo)
  echo "installing: ${missing[*]}"
  "${sudo[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo[@]}" apt-get install -y -qq "${missing[@]}" >/dev/null
}
