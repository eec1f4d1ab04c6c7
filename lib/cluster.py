"""Dask, the one parallel path: a cluster's workers parse articles with the same function as a single
process (lib.pipeline.parse_articles), each loading the spaCy model once.

Imported only when a cluster is asked for (`--jobs N` > 1, `--scheduler`, `--engine dask`): the app
and serial runs never import Dask.
"""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from distributed import Client, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from lib.corpus import Article, Skipped
from lib.names import Aliases
from lib.nlp import load_model, model_fingerprint
from lib.pipeline import Rows, parse_articles

CONNECT_SECONDS = 20
# An external cluster may still be starting its workers (a batch queue, a Kubernetes scale-up).
WAIT_FOR_WORKERS_SECONDS = 120
# A worker process runs one task at a time: spaCy parses on one core, and a second thread would
# share the process's one model (see _MODEL_LOCK) rather than use another core.
THREADS_PER_WORKER = 1
# Worker threads of one process share one loaded model; spaCy does not promise that one Language
# object may parse in two threads at once, so they take turns.
_MODEL_LOCK = threading.Lock()


class ClusterError(Exception):
    """The cluster cannot be used as asked; the message says what to do."""


class LoadModel(WorkerPlugin):
    """Loads the spaCy model when a worker starts (once per worker process: lib.nlp.load_model is
    cached per process), so a worker without the model says so before any task is given out."""

    name = "dateline-load-model"

    def setup(self, worker: object) -> None:
        load_model()


def local_cluster(workers: int) -> LocalCluster:
    """A cluster of `workers` processes on this machine, one thread each, without the dashboard."""
    return LocalCluster(
        n_workers=workers,
        threads_per_worker=THREADS_PER_WORKER,
        processes=True,
        dashboard_address=None,
        # Without a dashboard the scheduler still serves its health checks, by default on port 8787:
        # any free port on the loopback, so that two runs (or another user's cluster) never clash.
        scheduler_kwargs={"dashboard_address": "127.0.0.1:0"},
        silence_logs=logging.ERROR,
    )


@contextmanager
def dask_client(scheduler: str | None = None, workers: int = 1) -> Iterator[Client]:
    """A client of the scheduler at `scheduler`, or of a new local cluster of `workers` processes,
    whose workers have loaded the model and run the same model and extractor version as this process.
    A local cluster is shut down on leaving."""
    cluster = None
    if scheduler:
        try:
            client = Client(scheduler, timeout=CONNECT_SECONDS)
        except (OSError, TimeoutError, ValueError) as error:
            raise ClusterError(
                f"cannot reach the Dask scheduler at {scheduler} ({error}); start one with "
                f"`dask scheduler` and give the address it prints, or leave out --scheduler"
            ) from error
    else:
        cluster = local_cluster(workers)
        client = Client(cluster)
    try:
        _prepare_workers(client, scheduler)
        yield client
    finally:
        client.close()
        if cluster is not None:
            cluster.close()


def _prepare_workers(client: Client, scheduler: str | None) -> None:
    """Wait for a worker, and check that the workers run what this process runs (a worker with another
    model or revision would write other rows)."""
    try:
        client.wait_for_workers(1, timeout=WAIT_FOR_WORKERS_SECONDS)
    except TimeoutError as error:
        raise ClusterError(
            f"no Dask worker joined the scheduler at {scheduler} within {WAIT_FOR_WORKERS_SECONDS} s: "
            f"start workers with `dask worker {scheduler} --nthreads 1`"
        ) from error
    expected = model_fingerprint()
    different = {
        address: found for address, found in client.run(model_fingerprint).items() if found != expected
    }
    if different:
        address, found = next(iter(different.items()))
        raise ClusterError(
            f"{len(different)} Dask worker(s) run another model or Dateline version ({address}: {found}; "
            f"here: {expected}): install the same requirements.txt and Dateline revision on every worker"
        )


def load_model_on_workers(client: Client) -> None:
    """Have every worker, and every one that joins later, load the model now (before any parsing, so
    the first tasks do not wait for it); raises a worker's ModelNotFound."""
    client.register_plugin(LoadModel())


def worker_count(client: Client) -> int:
    """How many workers the client's scheduler has now."""
    return len(client.scheduler_info().get("workers", {}))


def check_worker(fingerprint: str) -> None:
    """In a task: fail if this worker runs another model or Dateline version than the client (one
    that joined after the check in dask_client)."""
    if model_fingerprint() != fingerprint:
        raise ClusterError(
            f"worker process {os.getpid()} runs {model_fingerprint()}, the client {fingerprint}: "
            "install the same requirements.txt and Dateline revision on every worker"
        )


def parse_task(
    articles: list[Article], aliases: Aliases, fingerprint: str
) -> tuple[list[tuple[str, Rows]], list[Skipped]]:
    """In a worker: lib.pipeline.parse_articles with this process's model."""
    check_worker(fingerprint)
    with _MODEL_LOCK:
        return parse_articles(load_model(), articles, aliases)


def parse_on_cluster(
    client: Client, chunks: list[list[Article]], aliases: Aliases
) -> Iterator[tuple[int, tuple[list[tuple[str, Rows]], list[Skipped]]]]:
    """(chunk number, parse_articles result) for each chunk, parsed by the cluster's workers, in the
    order they finish. Tasks still pending when the caller stops early are cancelled."""
    load_model_on_workers(client)
    shared = client.scatter([aliases], broadcast=True)[0] if aliases else {}
    futures = client.map(parse_task, chunks, aliases=shared, fingerprint=model_fingerprint(), pure=False)
    number = {future.key: n for n, future in enumerate(futures)}
    try:
        for future in as_completed(futures):
            result = future.result()
            future.release()  # the rows are here now: the worker may forget them
            yield number[future.key], result
    finally:
        client.cancel(futures)
