"""Checks that a peer's metrics agree with govmedia's account_scores.csv, account by account.

    python agree.py PEER.csv ACCOUNT_SCORES.csv

Compares the SPEC §3 columns both have; influence (which carries the engagement sums) to within
0.01 (govmedia rounds it to 2 decimals). Exit status 1 on any difference.
"""
import csv
import sys

EXACT = [
    "posts", "original_posts", "days_since_update", "weeks_without_post",
    "messages", "replied_late", "unreplied_overdue", "followers",
]


def number(text):
    return None if text in ("", None) else float(text)


def main(peer_path, ours_path):
    peer = {r["account_id"]: r for r in csv.DictReader(open(peer_path, encoding="utf-8"))}
    ours = {r["account_id"]: r for r in csv.DictReader(open(ours_path, encoding="utf-8"))}
    problems = []
    if set(peer) != set(ours):
        problems.append(f"accounts differ: {len(set(peer) ^ set(ours))} in one file only")
    for account in sorted(set(peer) & set(ours)):
        for column in EXACT:
            if number(peer[account][column]) != number(ours[account][column]):
                problems.append(f"{account} {column}: peer {peer[account][column]!r}, govmedia {ours[account][column]!r}")
        if abs(float(peer[account]["influence"]) - float(ours[account]["influence"])) > 0.01:
            problems.append(f"{account} influence: peer {peer[account]['influence']}, govmedia {ours[account]['influence']}")
    for line in problems[:10]:
        print("  " + line, file=sys.stderr)
    print(f"{len(ours)} accounts, {len(EXACT) + 1} columns, {len(problems)} differences")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    main(*sys.argv[1:3])
