"""SPEC §3 per-account metrics computed by pandas from the same CSV (or Parquet) files govmedia reads.

    python pandas_metrics.py DATA_DIR OUT.csv PERIOD_START AS_OF

The same columns as duckdb_metrics.py, written the way an analyst would: read the columns
needed, join on account_id, group by account.
"""
import os
import sys

import numpy as np
import pandas as pd

REPLY_DAYS = 5


def read(data, stem, columns, dates=()):
    parquet = os.path.join(data, f"{stem}.parquet")
    if os.path.exists(parquet):
        frame = pd.read_parquet(parquet, columns=columns)
    else:
        frame = pd.read_csv(
            os.path.join(data, f"{stem}.csv"),
            usecols=columns,
            dtype={"account_id": str, "status": str},
            true_values=["true"],
            false_values=["false"],
        )
    for column in dates:
        frame[column] = pd.to_datetime(frame[column], format="ISO8601")
    return frame


def main(data, out, start, as_of):
    start, as_of = pd.Timestamp(start), pd.Timestamp(as_of)
    acc = read(data, "accounts", ["account_id", "status", "opened_on", "followers"], ["opened_on"])
    acc = acc[(acc.status == "active") & (acc.opened_on.isna() | (acc.opened_on <= as_of))].copy()
    acc["ws"] = acc.opened_on.where(acc.opened_on > start, start).fillna(start)
    acc["blocks"] = ((as_of - acc.ws).dt.days + 1) // 7
    acc = acc.set_index("account_id")

    posts = read(data, "posts", ["account_id", "published_at", "original"], ["published_at"])
    posts = posts.join(acc[["ws", "blocks"]], on="account_id", how="inner")
    day = posts.published_at.dt.normalize()
    visible = day <= as_of
    in_window = (day >= posts.ws) & visible
    offset = (day - posts.ws).dt.days
    posts["in_window"] = in_window
    posts["original_in_window"] = in_window & (posts.original == True)  # noqa: E712 (empty = not original)
    posts["visible_at"] = posts.published_at.where(visible)
    block_hit = posts.loc[in_window & (offset < posts.blocks * 7), ["account_id"]].assign(
        block=offset[in_window & (offset < posts.blocks * 7)] // 7
    )
    by_account = posts.groupby("account_id")
    post_stats = pd.DataFrame(
        {
            "posts": by_account.in_window.sum(),
            "original_posts": by_account.original_in_window.sum(),
            "last_post_at": by_account.visible_at.max(),
        }
    )
    post_stats["blocks_with_post"] = block_hit.drop_duplicates().groupby("account_id").size()

    eng = read(
        data,
        "engagement",
        ["account_id", "date", "followers", "reads", "likes", "shares", "comments"],
        ["date"],
    )
    eng = eng[eng.account_id.isin(acc.index)]
    level = eng[eng.followers.notna() & (eng.date <= as_of)].sort_values(["account_id", "date"])
    followers = level.groupby("account_id").followers.last()
    sums = (
        eng[(eng.date >= start) & (eng.date <= as_of)]
        .groupby("account_id")[["reads", "likes", "shares", "comments"]]
        .sum()
    )

    msg = read(data, "messages", ["account_id", "received_at", "replied_at"], ["received_at", "replied_at"])
    msg = msg[msg.account_id.isin(acc.index)]
    received_day = msg.received_at.dt.normalize()
    msg = msg[(received_day >= start) & (received_day <= as_of)].copy()
    replied = msg.replied_at.notna() & (msg.replied_at.dt.normalize() <= as_of)
    msg["late"] = replied & ((msg.replied_at - msg.received_at) > pd.Timedelta(days=REPLY_DAYS))
    msg["overdue"] = ~replied & ((as_of - msg.received_at.dt.normalize()).dt.days > REPLY_DAYS)
    by_msg = msg.groupby("account_id")
    msg_stats = pd.DataFrame(
        {"messages": by_msg.size(), "replied_late": by_msg.late.sum(), "unreplied_overdue": by_msg.overdue.sum()}
    )

    result = pd.DataFrame(index=acc.index)
    result["posts"] = post_stats.posts.reindex(acc.index).fillna(0).astype(int)
    result["original_posts"] = post_stats.original_posts.reindex(acc.index).fillna(0).astype(int)
    last = post_stats.last_post_at.reindex(acc.index)
    result["days_since_update"] = (as_of - last.dt.normalize()).dt.days.astype("Int64")
    result["weeks_without_post"] = (
        acc.blocks - post_stats.blocks_with_post.reindex(acc.index).fillna(0)
    ).astype(int)
    result["followers"] = followers.reindex(acc.index).fillna(acc.followers).astype("Int64")
    for column in ["reads", "likes", "shares", "comments"]:
        result[column] = sums[column].reindex(acc.index).fillna(0).astype(np.int64)
    for column in ["messages", "replied_late", "unreplied_overdue"]:
        result[column] = msg_stats[column].reindex(acc.index).fillna(0).astype(int)
    ln = lambda s: np.log(s.astype(float) + 1)  # noqa: E731
    result["influence"] = 10 * (
        0.2 * ln(result.posts)
        + 0.6 * (0.4 * ln(result.reads) + 0.2 * ln(result.likes) + 0.2 * ln(result.shares) + 0.2 * ln(result.comments))
        + 0.2 * ln(result.followers.fillna(0))
    )
    result.sort_index().to_csv(out, index_label="account_id")


if __name__ == "__main__":
    main(*sys.argv[1:5])
