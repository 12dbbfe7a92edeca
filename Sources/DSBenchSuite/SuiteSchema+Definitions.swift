extension SuiteSchema {
    /// `$defs` of the suite schema: names, steps and their kinds, referenced from `properties`.
    static let definitions = #"""
      "$defs": {
        "name": { "type": "string", "pattern": "^[A-Za-z0-9][A-Za-z0-9_.-]*$" },
        "fraction": {
          "description": "5% or the fraction 0.05 (above 0, at most 100%).",
          "oneOf": [
            { "type": "number", "exclusiveMinimum": 0, "maximum": 1 },
            { "type": "string", "pattern": "^[0-9]+(\\.[0-9]+)?\\s*%$" }
          ]
        },
        "tolerance": {
          "description": "Allowed worsening per size band: latency ≤ 4 MiB, mid, bandwidth ≥ 64 MiB.",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "latency": { "$ref": "#/$defs/fraction", "default": "60%" },
            "mid": { "$ref": "#/$defs/fraction", "default": "25%" },
            "bandwidth": { "$ref": "#/$defs/fraction", "default": "5%" }
          }
        },
        "duration": {
          "description": "30s, 10m, 1h, 1h30m, or a number of seconds.",
          "oneOf": [
            { "type": "number", "exclusiveMinimum": 0 },
            { "type": "string", "pattern": "^([0-9]+(\\.[0-9]+)?[hms])+$" }
          ]
        },
        "byteSize": {
          "description": "Bytes, with an optional binary K/M/G suffix as nccl-tests reads them.",
          "oneOf": [
            { "type": "integer", "minimum": 1 },
            { "type": "string", "pattern": "^[0-9]+[KMGkmg]?$" }
          ]
        },
        "env": {
          "type": "object",
          "propertyNames": { "pattern": "^[A-Za-z_][A-Za-z0-9_]*$" },
          "additionalProperties": {
            "oneOf": [
              { "type": ["string", "number", "boolean"] },
              { "type": "object", "additionalProperties": false, "required": ["from_env"],
                "description": "The value of dsbench's own environment variable at run time; never stored.",
                "properties": { "from_env": { "type": "string", "pattern": "^[A-Za-z_][A-Za-z0-9_]*$" } } }
            ]
          }
        },
        "expect": {
          "description": "degraded: slow on purpose (P2P off to measure the fallback, say); judged against its own kind, never as a fault of the machine. A variant's expect wins over its step's.",
          "enum": ["normal", "degraded"],
          "default": "normal"
        },
        "envVariant": {
          "anyOf": [{ "$ref": "#/$defs/env" }, { "$ref": "#/$defs/envVariantLong" }]
        },
        "envVariantLong": {
          "description": "A variant with its expectation: {env: {NCCL_P2P_DISABLE: \"1\"}, expect: degraded}.",
          "type": "object",
          "additionalProperties": false,
          "minProperties": 1,
          "properties": {
            "env": { "$ref": "#/$defs/env" },
            "expect": { "$ref": "#/$defs/expect" }
          }
        },
        "nodes": {
          "description": "Slurm hostlists such as gpu-[001-016,020]; 'local' is this host.",
          "oneOf": [
            { "type": "string", "minLength": 1 },
            { "type": "array", "minItems": 1, "items": { "type": "string", "minLength": 1 } }
          ]
        },
        "argv": {
          "type": "array",
          "items": { "type": ["string", "number", "boolean"] }
        },
        "step": {
          "type": "object",
          "additionalProperties": false,
          "oneOf": [
            { "required": ["nccl"], "not": { "anyOf": [{ "required": ["inventory"] }, { "required": ["command"] }, { "required": ["workload"] }, { "required": ["nvbandwidth"] }] } },
            { "required": ["inventory"], "not": { "anyOf": [{ "required": ["nccl"] }, { "required": ["command"] }, { "required": ["workload"] }, { "required": ["nvbandwidth"] }] } },
            { "required": ["command", "name"], "not": { "anyOf": [{ "required": ["nccl"] }, { "required": ["inventory"] }, { "required": ["workload"] }, { "required": ["nvbandwidth"] }] } },
            { "required": ["workload", "name"], "not": { "anyOf": [{ "required": ["nccl"] }, { "required": ["inventory"] }, { "required": ["command"] }, { "required": ["nvbandwidth"] }] } },
            { "required": ["nvbandwidth"], "not": { "anyOf": [{ "required": ["nccl"] }, { "required": ["inventory"] }, { "required": ["command"] }, { "required": ["workload"] }] } }
          ],
          "properties": {
            "name": { "$ref": "#/$defs/name" },
            "nccl": {
              "description": "nccl-tests binary, with or without the _perf suffix.",
              "type": "string",
              "pattern": "^(all_reduce|all_gather|reduce_scatter|alltoall|alltoallv|broadcast|reduce|sendrecv|scatter|gather|hypercube)(_perf)?$"
            },
            "inventory": {
              "description": "The fixed hardware-review commands, and the GPU health capture that health asks for.",
              "type": ["object", "null"],
              "properties": {
                "health": { "enum": ["off", "quick", "full", true, false] },
                "kernel_log_window": { "type": "string", "description": "How far back journalctl -k reads (24h)." }
              },
              "additionalProperties": false
            },
            "command": { "$ref": "#/$defs/argv", "minItems": 1 },
            "nvbandwidth": {
              "description": "NVIDIA nvbandwidth per node (-j). Default testcases: host<->device CE and SM, plus device<->device on nodes with 2+ GPUs.",
              "type": ["object", "null"],
              "additionalProperties": false,
              "properties": {
                "testcases": { "oneOf": [{ "const": "all" }, { "type": "array", "minItems": 1, "items": { "type": "string", "minLength": 1 } }] },
                "buffer_size": { "$ref": "#/$defs/byteSize", "description": "-b, whole MiB (default 512M)." },
                "samples": { "type": "integer", "minimum": 1, "maximum": 1000, "description": "-i (default 3)." }
              }
            },
            "parser": {
              "enum": ["nccl-tests", "nccl-tests-json", "dmon", "query-gpu", "topo", "nvlink", "smi-summary",
                       "uname", "os-release", "workload", "workload-log", "torch-trace", "smi-q", "smi-health",
                       "kernel-log", "nvlink-errors", "nvbandwidth"]
            },
            "workload": { "$ref": "#/$defs/argv", "minItems": 1, "description": "A training or serving job (torchrun …)." },
            "profile": {
              "type": "object",
              "additionalProperties": false,
              "required": ["tool"],
              "description": "Run the main command of a workload or command step under Nsight Compute (ncu) or Nsight Systems (nsys).",
              "properties": {
                "tool": { "enum": ["ncu", "nsys"] },
                "sections": { "type": "array", "items": { "type": "string" }, "description": "ncu --section names (default SpeedOfLight, MemoryWorkloadAnalysis)." },
                "metrics": { "type": "array", "items": { "type": "string" }, "description": "ncu --metrics names." },
                "kernels": { "type": "string", "description": "ncu --kernel-name regex." },
                "launch_skip": { "type": "integer", "minimum": 0 },
                "launch_count": { "type": "integer", "minimum": 1 },
                "trace": { "type": "array", "items": { "type": "string" }, "description": "nsys --trace APIs (default cuda, nvtx, osrt)." },
                "reports": { "type": "array", "items": { "type": "string" }, "description": "nsys stats reports (default cuda_gpu_kern_sum, cuda_gpu_mem_time_sum, nvtx_sum)." }
              }
            },
            "metrics": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["name", "direction"],
                "oneOf": [{ "required": ["regex"] }, { "required": ["json"] }],
                "properties": {
                  "name": { "$ref": "#/$defs/name" },
                  "regex": { "type": "string", "description": "Per line; the value is the group named after the metric (or 'value')." },
                  "json": { "type": "string", "description": "Key (dotted for nested) of JSON-object lines." },
                  "labels": { "type": "array", "items": { "type": "string" }, "description": "With json: keys of the same line whose values label the sample; one series per label set." },
                  "unit": { "type": "string" },
                  "direction": { "enum": ["higher", "lower"], "description": "Which way is better." },
                  "warmup": { "type": "integer", "minimum": 0, "description": "Leading samples dropped." },
                  "summary": {
                    "oneOf": [
                      { "enum": ["median", "p10", "p90", "last", "mean", "min", "max"] },
                      { "type": "array", "items": { "enum": ["median", "p10", "p90", "last", "mean", "min", "max"] } }
                    ]
                  }
                }
              }
            },
            "trace": { "type": "string", "minLength": 1, "description": "PyTorch profiler trace (.json or .json.gz) the workload writes on the node." },
            "env": { "$ref": "#/$defs/env" },
            "env_matrix": {
              "description": "Variants: label → env, or a list of env mappings (labelled NAME=value,…). A variant may be written {env: {…}, expect: degraded}.",
              "oneOf": [
                { "type": "object", "minProperties": 1, "additionalProperties": { "$ref": "#/$defs/envVariant" } },
                { "type": "array", "minItems": 1, "items": { "anyOf": [
                  { "$ref": "#/$defs/env", "minProperties": 1 },
                  { "$ref": "#/$defs/envVariantLong" }
                ] } }
              ]
            },
            "expect": { "$ref": "#/$defs/expect" },
            "repeat": { "type": "integer", "minimum": 1, "maximum": 10000 },
            "timeout": { "$ref": "#/$defs/duration" },
            "workdir": { "type": "string", "minLength": 1 },
            "captures": { "type": "array", "items": { "enum": ["dmon"] } },
            "nodes": { "$ref": "#/$defs/nodes" },
            "regression": {
              "type": "object",
              "additionalProperties": false,
              "properties": { "tolerance": { "$ref": "#/$defs/tolerance" } }
            },
            "placement": {
              "description": "each: the step runs on every node separately; all: one job over all nodes, started from the head node by the launcher.",
              "enum": ["each", "all"]
            },
            "launcher": {
              "description": "How a placement: all step starts its ranks.",
              "type": "object",
              "additionalProperties": false,
              "required": ["type"],
              "properties": {
                "type": { "enum": ["direct", "mpirun", "srun"] },
                "ranks_per_node": {
                  "description": "Ranks started on each node; 'gpus' takes the nodes' node_overrides gpus.",
                  "oneOf": [ { "type": "integer", "minimum": 1, "maximum": 1024 }, { "const": "gpus" } ]
                },
                "program": { "type": "string", "minLength": 1 },
                "hostfile": { "type": "string", "minLength": 1 },
                "map_by": { "type": "string", "minLength": 1 },
                "allow_run_as_root": { "type": "boolean" },
                "oversubscribe": { "type": "boolean" },
                "rsh_agent": { "type": "string", "minLength": 1, "description": "mpirun only: --mca plm_rsh_agent, the command that starts Open MPI's daemons on the nodes (e.g. 'ssh -F /etc/dsbench/ssh_config')." },
                "flavour": { "enum": ["openmpi", "hpcx"] },
                "mpi": { "enum": ["pmix", "pmi2"] },
                "gpus_per_node": { "type": "integer", "minimum": 1, "maximum": 1024 },
                "partition": { "type": "string", "minLength": 1 },
                "extra_args": { "$ref": "#/$defs/argv" }
              }
            },
            "sizes": {
              "oneOf": [
                { "$ref": "#/$defs/byteSize" },
                {
                  "type": "object",
                  "additionalProperties": false,
                  "required": ["min", "max"],
                  "not": { "required": ["factor", "step"] },
                  "properties": {
                    "min": { "$ref": "#/$defs/byteSize" },
                    "max": { "$ref": "#/$defs/byteSize" },
                    "factor": { "type": "integer", "minimum": 2 },
                    "step": { "$ref": "#/$defs/byteSize" }
                  }
                }
              ]
            },
            "gpus": {
              "oneOf": [
                { "type": "integer", "minimum": 1, "maximum": 1024 },
                { "const": "auto" }
              ]
            },
            "threads": { "type": "integer", "minimum": 1, "maximum": 1024 },
            "iters": { "type": "integer", "minimum": 1 },
            "warmup": { "type": "integer", "minimum": 0 },
            "check": { "type": "integer", "minimum": 0 },
            "per_iteration": { "type": "boolean", "description": "-I 1: per-iteration timings (nccl-tests >= 2.19.2), used as samples by compare." },
            "per_iteration_skip": { "type": "integer", "minimum": 0, "description": "-K: leading iterations left out of the per-iteration statistics (nccl-tests >= 2.19.6)." },
            "dtype": {
              "enum": ["int8", "uint8", "int32", "uint32", "int64", "uint64", "half", "float", "double",
                       "bfloat16", "f8e4m3", "f8e5m2", "all"]
            },
            "op": { "enum": ["sum", "prod", "max", "min", "avg", "mulsum", "all"] },
            "root": {
              "description": "Root rank for broadcast, reduce, gather, scatter; 'all' (or -1) for every root.",
              "oneOf": [{ "type": "integer", "minimum": -1 }, { "const": "all" }]
            },
            "extra_args": { "$ref": "#/$defs/argv" },
            "diagnose": {
              "description": "Also run a short NCCL_DEBUG=INFO sweep for the transport health rules.",
              "type": "boolean"
            },
            "pattern": {
              "description": "Measure groups instead of all at once: every node pair (pairs), each node against two partners (pairs-quick), groups of k nodes (k-batch), every GPU pair of a node (gpu-pairs), rings of k GPUs of a node (gpu-rings). docs/pairwise.md.",
              "enum": ["pairs", "pairs-quick", "k-batch", "gpu-pairs", "gpu-rings"]
            },
            "k": { "type": "integer", "minimum": 2, "maximum": 1024, "description": "Nodes per group of pattern: k-batch; GPUs per ring of pattern: gpu-rings." },
            "concurrent": { "type": "boolean", "description": "gpu-pairs: run a round's disjoint GPU pairs at once (default: one pair at a time; they share NVSwitch bandwidth)." }
          }
        }
      }
    }
    """#
}
