"""`sopc replay` shows a running count on a terminal and nowhere else: the count is rewritten in place on
standard error and cleared before the report, so a terminal keeps only the report."""
import os
import pty
import subprocess


def run_with_terminal_stderr(args, cwd):
    """Runs with standard error on a pseudo-terminal; returns (stdout, what the terminal received)."""
    leader, follower = pty.openpty()
    proc = subprocess.Popen(args, cwd=cwd, stdout=subprocess.PIPE, stderr=follower, stdin=subprocess.DEVNULL)
    os.close(follower)
    received = b""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:  # the process closed its end
            break
        if not chunk:
            break
        received += chunk
    stdout = proc.stdout.read()
    proc.wait(timeout=120)
    os.close(leader)
    assert proc.returncode in (0, 1), received
    return stdout, received


def test_progress_is_shown_on_a_terminal_and_cleared(root, sopc):
    samples = root / "trees" / "samples" / "account-takeover.jsonl"
    args = [sopc, "replay", "trees/account-takeover.sop.yaml", str(samples), "--format", "json"]
    stdout, terminal = run_with_terminal_stderr(args, root)
    assert b"\rreplayed " in terminal and b" samples" in terminal
    # After the last count the line is cleared, so the terminal keeps no stale count.
    last = terminal.rfind(b"\rreplayed ")
    assert terminal.find(b"\r\x1b[K", last) > last
    # The report itself is untouched by the count.
    plain = subprocess.run(args, cwd=root, capture_output=True, check=False)
    assert stdout == plain.stdout
    assert b"replayed" not in plain.stderr, "no count when standard error is not a terminal"
