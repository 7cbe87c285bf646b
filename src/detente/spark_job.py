"""``spark-submit`` entry point of the détente batch job: the same arguments as ``detente spark``.

    spark-submit --master local[2] src/detente/spark_job.py corpus.jsonl out/ \\
        --load-into sqlite:///detente.db

With the package installed, the script's path is
``python -c "import detente.spark_job as j; print(j.__file__)"``.  The master and the
executors' settings come from ``spark-submit``; see docs/spark.md for a real cluster.
"""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> None:
    from detente.cli import main as cli_main

    cli_main(["spark", *(sys.argv[1:] if argv is None else argv)])


if __name__ == "__main__":
    main()
