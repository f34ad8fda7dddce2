"""The tag stage's model pass on Dask: the same `analyze_batch` the in-process path runs,
mapped over partitions on a LocalCluster or on a scheduler given in config.

Optional: install the `distributed` extra (`pip install 'paper-digest[distributed]'`).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from contextlib import contextmanager

from generator.errors import BuildError

LOCAL = "local"
CONNECT_TIMEOUT = "10s"


@contextmanager
def dask_client(address: str):
    """A client for `address`: "local" starts a LocalCluster of worker processes (one thread
    each: torch already uses the cores), anything else is a scheduler address."""
    from dask.distributed import Client, LocalCluster

    if address == LOCAL:
        with (
            LocalCluster(
                n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
            ) as cluster,
            Client(cluster) as client,
        ):
            yield client
    else:
        try:
            client = Client(address, timeout=CONNECT_TIMEOUT)
        except (OSError, TimeoutError) as error:
            raise BuildError(
                f"extra.digest.distributed: no Dask scheduler answered at {address} within "
                f"{CONNECT_TIMEOUT} ({error}); start it, fix the address, or set distributed: "
                '"" to run in this process'
            ) from None
        with client:
            yield client


def map_on_dask(
    batch_function: Callable,
    batches: Sequence[Sequence[str]],
    embedder,
    address: str,
    progress=None,
) -> list:
    """Run `batch_function(batch, embedder)` for every batch on the cluster, results in order.
    The embedder is sent once per worker (scatter), so each worker loads the model once."""
    from dask.distributed import as_completed

    with dask_client(address) as client:
        shared = client.scatter(embedder, broadcast=True)
        futures = [
            client.submit(batch_function, list(batch), shared, pure=False) for batch in batches
        ]
        if progress:
            for future in as_completed(futures):
                progress(len(batches[futures.index(future)]))
        return [item for result in client.gather(futures) for item in result]
