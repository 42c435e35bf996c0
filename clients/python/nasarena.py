#!/usr/bin/env python3
"""NasArena command-line client: standard library only.

    nasarena.py login --url http://127.0.0.1:5000 --email you@example.org   # asks for the password, stores an API token
    nasarena.py token set nsa_...                                             # or store a token you made yourself
    nasarena.py submit --phase cvpr21-nas-replay/prediction/replay predictions.csv --wait
    nasarena.py status [SUBMISSION_ID] [--phase PHASE]
    nasarena.py leaderboard --phase PHASE [--private]
    nasarena.py download --phase PHASE NAME [-o FILE]

PHASE is a phase id or COMPETITION/TRACK/PHASE slugs. The token and URL are kept in ~/.config/nasarena/config.json
(mode 600); NASARENA_URL and NASARENA_TOKEN override them.
"""
import argparse
import getpass
import http.client
import json
import os
import sys
import time
import uuid
from urllib.parse import urlsplit, quote

CHUNK = 1 << 16


class ApiError(Exception):
    pass


def config_path(args):
    return args.config or os.path.join(os.path.expanduser("~"), ".config", "nasarena", "config.json")


def load_config(args):
    path = config_path(args)
    cfg = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            cfg = json.load(f)
    cfg["url"] = os.environ.get("NASARENA_URL") or getattr(args, "url", None) or cfg.get("url") or "http://127.0.0.1:5000"
    cfg["token"] = os.environ.get("NASARENA_TOKEN") or cfg.get("token")
    return cfg


def save_config(args, cfg):
    path = config_path(args)
    if os.path.dirname(path):
        os.makedirs(os.path.dirname(path), exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        json.dump({"url": cfg["url"], "token": cfg.get("token")}, f, indent=2)


class Client:
    def __init__(self, url, token=None):
        parts = urlsplit(url)
        self.scheme, self.host, self.port = parts.scheme, parts.hostname, parts.port
        self.token = token
        self.cookies = {}

    def _conn(self):
        cls = http.client.HTTPSConnection if self.scheme == "https" else http.client.HTTPConnection
        return cls(self.host, self.port, timeout=300)

    def request(self, method, path, body=None, headers=None, chunked=False, raw=False):
        headers = dict(headers or {})
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if isinstance(body, (dict, list)):
            body = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        conn = self._conn()
        try:
            conn.request(method, "/api/v1/" + path.lstrip("/"), body=body, headers=headers, encode_chunked=chunked)
            resp = conn.getresponse()
            for name, value in resp.getheaders():
                if name.lower() == "set-cookie":
                    k, _, rest = value.partition("=")
                    self.cookies[k.strip()] = rest.split(";", 1)[0]
            data = resp.read()
        finally:
            conn.close()
        if resp.status >= 400:
            try:
                problem = json.loads(data)
                message = problem.get("detail") or problem.get("title")
            except ValueError:
                message = data.decode(errors="replace")[:500]
            raise ApiError(f"{resp.status}: {message}")
        if raw:
            return data
        return json.loads(data) if data else None

    def upload(self, path, file_path, fields=None):
        """Streams a file as multipart/form-data with chunked transfer: memory stays flat for any size."""
        boundary = "nasarena-" + uuid.uuid4().hex
        name = os.path.basename(file_path)
        size = os.path.getsize(file_path)

        def body():
            for key, value in (fields or {}).items():
                yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"{key}\"\r\n\r\n{value}\r\n").encode()
            yield (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{quote(name)}\"\r\n"
                   "Content-Type: application/octet-stream\r\n\r\n").encode()
            sent = 0
            with open(file_path, "rb") as f:
                while True:
                    chunk = f.read(CHUNK)
                    if not chunk:
                        break
                    sent += len(chunk)
                    if sys.stderr.isatty():
                        print(f"\ruploading {name}: {100 * sent // max(size, 1)}%", end="", file=sys.stderr)
                    yield chunk
            if sys.stderr.isatty():
                print(file=sys.stderr)
            yield f"\r\n--{boundary}--\r\n".encode()

        return self.request("POST", path, body=body(), chunked=True,
                            headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})


def resolve_phase(client, phase):
    try:
        return str(uuid.UUID(phase))
    except ValueError:
        pass
    parts = phase.split("/")
    if len(parts) != 3:
        raise ApiError(f"--phase must be a phase id or COMPETITION/TRACK/PHASE, not '{phase}'")
    competition = client.request("GET", "competitions/" + quote(parts[0]))
    for track in competition["tracks"]:
        if track["slug"] == parts[1]:
            for p in track["phases"]:
                if p["slug"] == parts[2]:
                    return p["id"]
            raise ApiError(f"track '{parts[1]}' has no phase '{parts[2]}'")
    raise ApiError(f"competition '{parts[0]}' has no track '{parts[1]}'")


def client_for(args, need_token=True):
    cfg = load_config(args)
    if need_token and not cfg.get("token"):
        raise ApiError("no API token: run 'nasarena.py login' or 'nasarena.py token set TOKEN' first")
    return Client(cfg["url"], cfg.get("token")), cfg


def fmt_metrics(metrics):
    if not metrics:
        return "-"
    return " ".join(f"{k}={v:.6g}" if isinstance(v, (int, float)) else f"{k}={v}" for k, v in sorted(metrics.items()))


def print_submission(s):
    line = f"{s['id']}  {s['status']:<9} {s['fileName']}  {s['createdAt'][:19]}"
    if s["status"] == "Running" and s.get("progressTotal"):
        line += f"  {s['progressDone']}/{s['progressTotal']}"
    print(line)
    if s.get("publicMetrics"):
        print("    public:  " + fmt_metrics(s["publicMetrics"]))
    if s.get("privateMetrics"):
        print("    private: " + fmt_metrics(s["privateMetrics"]))
    if s.get("failureReason"):
        print("    reason:  " + s["failureReason"])


def cmd_login(args):
    cfg = load_config(args)
    client = Client(cfg["url"])
    password = sys.stdin.readline().rstrip("\n") if args.password_stdin else getpass.getpass("password: ")
    client.request("POST", "account/login", {"email": args.email, "password": password})
    xsrf = client.request("GET", "account/antiforgery")
    token = client.request("POST", "account/tokens", {"name": args.token_name, "expiresInDays": args.days},
                           headers={xsrf["headerName"]: xsrf["token"]})
    cfg["token"] = token["token"]
    save_config(args, cfg)
    print(f"logged in; API token '{token['name']}' ({token['prefix']}...) stored in {config_path(args)}, expires {token['expiresAt'][:10]}")


def cmd_token(args):
    cfg = load_config(args)
    cfg["token"] = args.token
    save_config(args, cfg)
    me = Client(cfg["url"], cfg["token"]).request("GET", "account/me")
    print(f"token stored for {me['email']}")


def cmd_submit(args):
    client, _ = client_for(args)
    phase = resolve_phase(client, args.phase)
    fields = {"description": args.description} if args.description else None
    s = client.upload(f"phases/{phase}/submissions", args.file, fields)
    print_submission(s)
    if args.wait:
        while s["status"] in ("Queued", "Running"):
            time.sleep(1)
            s = client.request("GET", f"submissions/{s['id']}")
        print_submission(s)
        return 0 if s["status"] == "Scored" else 2
    return 0


def cmd_status(args):
    client, _ = client_for(args)
    if args.submission:
        print_submission(client.request("GET", f"submissions/{args.submission}"))
    elif args.phase:
        for s in client.request("GET", f"phases/{resolve_phase(client, args.phase)}/submissions/mine"):
            print_submission(s)
    else:
        raise ApiError("give a SUBMISSION_ID or --phase")


def cmd_leaderboard(args):
    client, _ = client_for(args, need_token=False)
    board = client.request("GET", f"phases/{resolve_phase(client, args.phase)}/leaderboard?board={'private' if args.private else 'public'}")
    print(f"{board['board']} leaderboard, by {board['primaryMetric']} ({'higher' if board['higherIsBetter'] else 'lower'} is better)")
    print(f"{'rank':>4}  {'team':<24} {board['primaryMetric']:>14}  entries  submitted")
    for row in board["rows"]:
        rank = str(row["rank"]) if row["rank"] is not None else "-"
        value = "-" if row["primary"] is None else f"{row['primary']:.6f}"
        team = row["teamName"] + (" (baseline)" if row["isBaseline"] else "")
        print(f"{rank:>4}  {team:<24} {value:>14}  {row['entries']:>7}  {row['submittedAt'][:19]}")


def cmd_download(args):
    client, _ = client_for(args, need_token=False)
    phase = resolve_phase(client, args.phase)
    assets = client.request("GET", f"phases/{phase}/assets")
    match = [a for a in assets if a["name"] == args.name or a["kind"] == args.name]
    if not match:
        raise ApiError(f"no downloadable asset named '{args.name}'; there are: {', '.join(a['name'] for a in assets) or 'none'}")
    data = client.request("GET", f"phases/{phase}/assets/{match[0]['id']}/download", raw=True)
    out = args.output or match[0]["fileName"]
    with open(out, "wb") as f:
        f.write(data)
    print(f"saved {out} ({len(data)} bytes)")


def main(argv=None):
    parser = argparse.ArgumentParser(prog="nasarena", description="NasArena command-line client")
    parser.add_argument("--config", help="config file (default ~/.config/nasarena/config.json)")
    sub = parser.add_subparsers(dest="command", required=True)

    p = sub.add_parser("login", help="sign in and store a new API token")
    p.add_argument("--url")
    p.add_argument("--email", required=True)
    p.add_argument("--password-stdin", action="store_true", help="read the password from standard input")
    p.add_argument("--token-name", default="nasarena-cli")
    p.add_argument("--days", type=int, default=90)
    p.set_defaults(func=cmd_login)

    p = sub.add_parser("token", help="store an API token")
    p.add_argument("action", choices=["set"])
    p.add_argument("token")
    p.add_argument("--url")
    p.set_defaults(func=cmd_token)

    p = sub.add_parser("submit", help="upload a submission")
    p.add_argument("--phase", required=True)
    p.add_argument("--description")
    p.add_argument("--wait", action="store_true", help="wait until it is scored or failed")
    p.add_argument("file")
    p.set_defaults(func=cmd_submit)

    p = sub.add_parser("status", help="show one submission, or your team's in a phase")
    p.add_argument("submission", nargs="?")
    p.add_argument("--phase")
    p.set_defaults(func=cmd_status)

    p = sub.add_parser("leaderboard", help="show a phase's leaderboard")
    p.add_argument("--phase", required=True)
    p.add_argument("--private", action="store_true")
    p.set_defaults(func=cmd_leaderboard)

    p = sub.add_parser("download", help="download a public asset of a phase (training data ...)")
    p.add_argument("--phase", required=True)
    p.add_argument("name")
    p.add_argument("-o", "--output")
    p.set_defaults(func=cmd_download)

    args = parser.parse_args(argv)
    try:
        return args.func(args) or 0
    except ApiError as e:
        print(f"error: {e}", file=sys.stderr)
        return 1
    except (ConnectionError, OSError) as e:
        print(f"error: cannot reach the server: {e}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
