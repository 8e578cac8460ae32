"""Writes a Parquet copy of every CSV file of a data folder (typed columns, as DuckDB infers them).

    python to_parquet.py CSV_DIR PARQUET_DIR
"""
import os
import sys

import duckdb


def main(source, target):
    os.makedirs(target, exist_ok=True)
    con = duckdb.connect()
    for name in sorted(os.listdir(source)):
        if name.endswith(".csv"):
            stem = name[: -len(".csv")]
            con.execute(
                f"COPY (SELECT * FROM read_csv('{os.path.join(source, name)}', header = true, sample_size = -1)) "
                f"TO '{os.path.join(target, stem + '.parquet')}' (FORMAT parquet)"
            )


if __name__ == "__main__":
    main(*sys.argv[1:3])
