PATH=/opt/torch/.venv/bin:$PATH python3 Suites/workloads/gpu_micro.py --seconds 2
