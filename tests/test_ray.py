"""The datatrove step on datatrove's Ray executor: the ray extra (240 MB), installed and run by CI's
own step for it (.ci/run, the README's second test command); skipped, saying so, without it."""

import pytest

ray = pytest.importorskip("ray", reason="the ray extra: pip install -e '.[test,datatrove,ray]' (CI's Ray step, in .ci/run and the README)")
pytest.importorskip("datatrove", reason="the datatrove extra: pip install -e '.[test,datatrove,ray]' (CI's Ray step)")

from datatrove.executor import RayPipelineExecutor
from test_datatrove import assert_same_as_cleaner, pipeline, seed_records, write_shards


@pytest.fixture(scope="module")
def local_ray():
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    yield
    ray.shutdown()


@pytest.mark.slow
@pytest.mark.filterwarnings("ignore:placement_group:DeprecationWarning")  # datatrove's call into Ray
def test_ray_executor_output_equals_the_cleaner(tmp_path, local_ray):
    records = seed_records()
    source = write_shards(tmp_path / "in", records, shards=2)
    logs, output = tmp_path / "logs", tmp_path / "out"
    RayPipelineExecutor(pipeline(source, output), tasks=2, workers=2, logging_dir=str(logs), mem_per_cpu_gb=0.5).run()
    assert_same_as_cleaner(records, output, logs)
