"""SPEC §3 per-account metrics computed by DuckDB from the same CSV (or Parquet) files govmedia reads.

    python duckdb_metrics.py DATA_DIR OUT.csv PERIOD_START AS_OF

One row per assessed account (status active, opened_on empty or on or before as_of): posts,
original_posts, days_since_update, weeks_without_post, followers, reads, likes, shares, comments,
influence, messages, replied_late, unreplied_overdue. The inputs are govmedia's canonical sample
(ISO dates, true/false), so no row needs rejecting.
"""
import os
import sys

import duckdb

REPLY_DAYS = 5


def source(data, stem):
    parquet = os.path.join(data, f"{stem}.parquet")
    if os.path.exists(parquet):
        return f"read_parquet('{parquet}')"
    return f"read_csv('{os.path.join(data, stem + '.csv')}', header = true)"


def main(data, out, start, as_of):
    con = duckdb.connect()
    con.execute(f"SET threads = {os.cpu_count()}")
    sql = f"""
    COPY (
    WITH
    acc AS (
        SELECT account_id, followers AS registry_followers,
               greatest(DATE '{start}', coalesce(opened_on, DATE '{start}')) AS ws
        FROM {source(data, 'accounts')}
        WHERE status = 'active' AND (opened_on IS NULL OR opened_on <= DATE '{as_of}')
    ),
    win AS (
        SELECT account_id, ws, (date_diff('day', ws, DATE '{as_of}') + 1) // 7 AS blocks FROM acc
    ),
    p AS (
        SELECT w.account_id, w.ws, w.blocks, p.published_at, p.published_at::DATE AS day, p.original
        FROM {source(data, 'posts')} p JOIN win w USING (account_id)
    ),
    post_stats AS (
        SELECT account_id,
            count(*) FILTER (WHERE day BETWEEN ws AND DATE '{as_of}') AS posts,
            count(*) FILTER (WHERE day BETWEEN ws AND DATE '{as_of}' AND original) AS original_posts,
            max(published_at) FILTER (WHERE day <= DATE '{as_of}') AS last_post_at,
            count(DISTINCT date_diff('day', ws, day) // 7) FILTER (
                WHERE day BETWEEN ws AND DATE '{as_of}' AND date_diff('day', ws, day) < blocks * 7
            ) AS blocks_with_post
        FROM p GROUP BY account_id
    ),
    e AS (
        SELECT e.* FROM {source(data, 'engagement')} e SEMI JOIN acc USING (account_id)
    ),
    eng_stats AS (
        SELECT account_id,
            arg_max(followers, "date") FILTER (
                WHERE followers IS NOT NULL AND "date" <= DATE '{as_of}') AS followers,
            sum(reads) FILTER (WHERE "date" BETWEEN DATE '{start}' AND DATE '{as_of}') AS reads,
            sum(likes) FILTER (WHERE "date" BETWEEN DATE '{start}' AND DATE '{as_of}') AS likes,
            sum(shares) FILTER (WHERE "date" BETWEEN DATE '{start}' AND DATE '{as_of}') AS shares,
            sum(comments) FILTER (WHERE "date" BETWEEN DATE '{start}' AND DATE '{as_of}') AS comments
        FROM e GROUP BY account_id
    ),
    m AS (
        SELECT m.account_id, m.received_at,
               m.replied_at IS NOT NULL AND m.replied_at::DATE <= DATE '{as_of}' AS replied,
               m.replied_at
        FROM {source(data, 'messages')} m SEMI JOIN acc USING (account_id)
        WHERE m.received_at::DATE BETWEEN DATE '{start}' AND DATE '{as_of}'
    ),
    msg_stats AS (
        SELECT account_id,
            count(*) AS messages,
            count(*) FILTER (WHERE replied
                AND epoch(replied_at) - epoch(received_at) > {REPLY_DAYS} * 86400) AS replied_late,
            count(*) FILTER (WHERE NOT replied
                AND date_diff('day', received_at::DATE, DATE '{as_of}') > {REPLY_DAYS}) AS unreplied_overdue
        FROM m GROUP BY account_id
    ),
    joined AS (
        SELECT w.account_id,
            coalesce(ps.posts, 0) AS posts,
            coalesce(ps.original_posts, 0) AS original_posts,
            date_diff('day', ps.last_post_at::DATE, DATE '{as_of}') AS days_since_update,
            w.blocks - coalesce(ps.blocks_with_post, 0) AS weeks_without_post,
            coalesce(es.followers, a.registry_followers) AS followers,
            coalesce(es.reads, 0) AS reads, coalesce(es.likes, 0) AS likes,
            coalesce(es.shares, 0) AS shares, coalesce(es.comments, 0) AS comments,
            coalesce(ms.messages, 0) AS messages,
            coalesce(ms.replied_late, 0) AS replied_late,
            coalesce(ms.unreplied_overdue, 0) AS unreplied_overdue
        FROM win w JOIN acc a USING (account_id)
        LEFT JOIN post_stats ps USING (account_id)
        LEFT JOIN eng_stats es USING (account_id)
        LEFT JOIN msg_stats ms USING (account_id)
    )
    SELECT *,
        10 * (0.2 * ln(posts + 1)
              + 0.6 * (0.4 * ln(reads + 1) + 0.2 * ln(likes + 1) + 0.2 * ln(shares + 1) + 0.2 * ln(comments + 1))
              + 0.2 * ln(coalesce(followers, 0) + 1)) AS influence
    FROM joined ORDER BY account_id
    ) TO '{out}' (HEADER, DELIMITER ',')
    """
    con.execute(sql)


if __name__ == "__main__":
    main(*sys.argv[1:5])
