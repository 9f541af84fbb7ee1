#!/usr/bin/env python3
"""Run one CLI test file against the zhx binary.

usage: run_cli_test.py ZHX_BINARY TEST_FILE   (run from the source root)

A test file is lines of `key value`; # starts a comment line. Keys:
  args     the arguments after `zhx`, split like a shell would
  stdin    what to feed: plain text (\\n for a line break), %hex[e4 bd ff],
           %repeat[TEXT,N] (TEXT N times), or %file[PATH]; several stdin lines join
  exit     the expected exit status
  stderr   text stderr must contain (repeatable)
  stdout   text stdout must contain (repeatable)
  no-stdout  text stdout must NOT contain (repeatable)
  json     "lines": every stdout line must be a JSON object
  count    TYPE N: stdout must hold exactly N records of TYPE
  needs-device PATH  skip the test (exit 77, which ctest reports as skipped)
           unless PATH is a character device, e.g. /dev/full
  as-nobody  run zhx as user nobody (through setpriv when root), so that file
           permissions apply; skipped (77) when that cannot be done
  setup    a shell command run first (from the source root), e.g. to make an
           unreadable file; `cleanup` runs after
"""
import json, os, shlex, shutil, stat, subprocess, sys


def parse_stdin(v):
    if v.startswith("%hex[") and v.endswith("]"):
        return bytes.fromhex(v[5:-1].replace(" ", ""))
    if v.startswith("%repeat[") and v.endswith("]"):
        text, n = v[8:-1].rsplit(",", 1)
        return text.encode() * int(n)
    if v.startswith("%file[") and v.endswith("]"):
        return open(v[6:-1], "rb").read()
    return v.replace("\\n", "\n").encode()


def main():
    zhx, path = sys.argv[1], sys.argv[2]
    spec = {"args": "", "stdin": b"", "exit": "0", "as-nobody": False, "setup": None, "cleanup": None}
    checks = []
    for line in open(path, encoding="utf-8"):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        key, _, val = line.partition(" ")
        val = val.strip()
        if key == "stdin":
            spec["stdin"] += parse_stdin(val)
        elif key in ("args", "exit", "setup", "cleanup"):
            spec[key] = val
        elif key == "as-nobody":
            spec["as-nobody"] = True
        elif key in ("stderr", "stdout", "no-stdout", "json", "count"):
            checks.append((key, val))
        elif key == "needs-device":
            try:
                ok = stat.S_ISCHR(os.stat(val).st_mode)
            except OSError:
                ok = False
            if not ok:
                print(f"{path}: skipped: {val} is not a character device here")
                sys.exit(77)
        else:
            sys.exit(f"{path}: unknown key {key!r}")
    cmd = [os.path.abspath(zhx)] + shlex.split(spec["args"])
    if spec["as-nobody"]:
        if os.geteuid() != 0 or not shutil.which("setpriv"):
            print(f"{path}: skipped: cannot run as nobody here")
            sys.exit(77)
        cmd = ["setpriv", "--reuid=65534", "--regid=65534", "--clear-groups"] + cmd
    if spec["setup"]:
        subprocess.run(spec["setup"], shell=True, check=True)
    try:
        p = subprocess.run(cmd, input=spec["stdin"], capture_output=True, timeout=120)
    finally:
        if spec["cleanup"]:
            subprocess.run(spec["cleanup"], shell=True)
    out, err = p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")
    fails = []
    if p.returncode != int(spec["exit"]):
        fails.append(f"exit status {p.returncode}, expected {spec['exit']}")
    for key, val in checks:
        if key == "stderr" and val not in err:
            fails.append(f"stderr lacks {val!r}")
        elif key == "stdout" and val not in out:
            fails.append(f"stdout lacks {val!r}")
        elif key == "no-stdout" and val in out:
            fails.append(f"stdout has {val!r}")
        elif key == "json":
            for i, l in enumerate(out.splitlines()):
                try:
                    if not isinstance(json.loads(l), dict):
                        raise ValueError("not an object")
                except ValueError as e:
                    fails.append(f"stdout line {i + 1} is not a JSON object: {e}")
                    break
        elif key == "count":
            t, n = val.split()
            got = sum(1 for l in out.splitlines() if l.strip() and json.loads(l).get("type") == t)
            if got != int(n):
                fails.append(f"{got} {t} records, expected {n}")
    if fails:
        print(f"{path}: FAILED")
        for f in fails:
            print("  " + f)
        print("--- stdout (first 2000 chars)\n" + out[:2000] + "\n--- stderr\n" + err[:2000])
        sys.exit(1)
    print(f"{path}: ok")


if __name__ == "__main__":
    main()
