#!/usr/bin/python3
"""smtp-sink: a local SMTP relay that keeps every message it accepts, for the tests and deploy/run.sh.

Each accepted message is written with the bytes received (after SMTP dot-unstuffing) to DIR/new/ as
<UTC time>-<counter>.eml, through DIR/tmp/ and a rename like a Maildir, so a reader never sees half a file.
Recipients can be refused (550 at RCPT TO), deferred (451 at RCPT TO) or have the connection dropped after
the message data, unanswered: the relay failures the service's outbox must survive.

  python3 deploy/smtp-sink.py --listen 127.0.0.1:2525 --maildir var/mail \\
      [--reject REGEX] [--defer REGEX] [--drop-after-data REGEX]

Port 0 takes a free port; the line "smtp-sink: listening on HOST:PORT, mail in DIR" on stdout, printed once
the socket listens, says which. Runs until SIGTERM or SIGINT. Needs Debian's python3-aiosmtpd
(bash deploy/install-deps.sh).
"""
import argparse
import asyncio
import os
import re
import signal
import sys
import time


def parse_arguments():
    parser = argparse.ArgumentParser(
        prog="smtp-sink.py",
        description="Local SMTP relay that keeps every accepted message in a Maildir-like folder "
        "(DIR/new/<time>-<counter>.eml, raw bytes as received).",
        epilog="Regular expressions are searched in the recipient address of RCPT TO. Prints "
        "'smtp-sink: listening on HOST:PORT, mail in DIR' once ready (port 0: a free port); runs until "
        "SIGTERM or SIGINT.",
    )
    parser.add_argument("--listen", required=True, metavar="HOST:PORT", help="address to listen on, e.g. 127.0.0.1:2525")
    parser.add_argument("--maildir", required=True, metavar="DIR", help="folder for the messages (created if missing)")
    parser.add_argument("--reject", metavar="REGEX", help="refuse matching recipients: 550 5.1.1 at RCPT TO")
    parser.add_argument("--defer", metavar="REGEX", help="defer matching recipients: 451 4.3.0 at RCPT TO")
    parser.add_argument(
        "--drop-after-data",
        metavar="REGEX",
        help="for a message to a matching recipient, close the connection after its data without answering",
    )
    args = parser.parse_args()
    host, separator, port = args.listen.rpartition(":")
    if not separator or not host or not port.isdigit() or int(port) > 65535:
        parser.error("--listen takes HOST:PORT, e.g. 127.0.0.1:2525")
    args.host = host.strip("[]")
    args.port = int(port)
    for name in ("reject", "defer", "drop_after_data"):
        pattern = getattr(args, name)
        try:
            setattr(args, name, re.compile(pattern, re.IGNORECASE) if pattern else None)
        except re.error as error:
            parser.error(f"--{name.replace('_', '-')}: {error}")
    return args


def smtp_server_class():
    try:
        from aiosmtpd.smtp import SMTP
    except ImportError:
        # Debian's python3-aiosmtpd is installed for /usr/bin/python3; a pyenv or venv python3 first in PATH
        # does not see it.
        system = "/usr/bin/python3"
        if os.path.exists(system) and os.path.realpath(sys.executable) != os.path.realpath(system):
            if not os.environ.get("SMTP_SINK_REEXEC"):
                os.environ["SMTP_SINK_REEXEC"] = "1"
                os.execv(system, [system, os.path.abspath(__file__)] + sys.argv[1:])
        sys.exit("smtp-sink: the Python module aiosmtpd is missing (python3-aiosmtpd: bash deploy/install-deps.sh)")
    return SMTP


class Mailbox:
    """aiosmtpd handler: the recipient rules at RCPT TO, the atomic write at DATA."""

    def __init__(self, maildir, reject, defer, drop_after_data):
        self.maildir = maildir
        self.reject = reject
        self.defer = defer
        self.drop_after_data = drop_after_data
        self.counter = 0
        for sub in ("tmp", "new", "cur"):
            os.makedirs(os.path.join(maildir, sub), exist_ok=True)

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject and self.reject.search(address):
            return "550 5.1.1 Recipient refused by smtp-sink --reject"
        if self.defer and self.defer.search(address):
            return "451 4.3.0 Recipient deferred by smtp-sink --defer, try again later"
        envelope.rcpt_tos.append(address)
        return "250 2.1.5 OK"

    async def handle_DATA(self, server, session, envelope):
        if self.drop_after_data and any(self.drop_after_data.search(a) for a in envelope.rcpt_tos):
            print("smtp-sink: connection dropped after DATA (--drop-after-data)", file=sys.stderr, flush=True)
            server.transport.abort()
            # connection_lost cancels this handler: no reply is ever written.
            await asyncio.Event().wait()
        name = self.store(envelope.original_content)
        print(f"smtp-sink: stored new/{name}", file=sys.stderr, flush=True)
        return f"250 2.0.0 OK stored as {name}"

    def store(self, data):
        self.counter += 1
        now = time.time()
        stamp = time.strftime("%Y%m%dT%H%M%S", time.gmtime(now)) + f".{int(now * 1e6) % 1000000:06d}Z"
        name = f"{stamp}-{self.counter:06d}.eml"
        temporary = os.path.join(self.maildir, "tmp", name)
        with open(temporary, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.rename(temporary, os.path.join(self.maildir, "new", name))
        return name


async def serve(args, smtp_class):
    loop = asyncio.get_running_loop()
    mailbox = Mailbox(args.maildir, args.reject, args.defer, args.drop_after_data)
    server = await loop.create_server(
        lambda: smtp_class(mailbox, hostname="smtp-sink", ident="smtp-sink"), host=args.host, port=args.port
    )
    port = server.sockets[0].getsockname()[1]
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(f"smtp-sink: listening on {host}:{port}, mail in {args.maildir}", flush=True)
    stop = asyncio.Event()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await stop.wait()
    server.close()
    await server.wait_closed()


def main():
    args = parse_arguments()
    smtp_class = smtp_server_class()
    try:
        asyncio.run(serve(args, smtp_class))
    except OSError as error:
        sys.exit(f"smtp-sink: cannot listen on {args.listen}: {error.strerror or error}")


if __name__ == "__main__":
    main()
