/// JSON Schema (draft 2020-12) of suite format v1, printed by `dsbench schema` for editors
/// (e.g. `# yaml-language-server: $schema=…`). The loader remains the authority: it also checks
/// what a schema cannot say well (min ≤ max, unique step names, declared captures, hostlists).
public enum SuiteSchema {
    public static let text = properties + "\n" + definitions

    /// The top-level keys; their `$ref`s point into `definitions` (SuiteSchema+Definitions.swift).
    static let properties = #"""
    {
      "$schema": "https://json-schema.org/draft/2020-12/schema",
      "$id": "https://dsbench.dev/schema/suite-v1.json",
      "title": "dsbench suite (format v1)",
      "type": "object",
      "additionalProperties": false,
      "required": ["suite", "steps"],
      "properties": {
        "version": { "const": 1, "description": "Suite format version; 1 if omitted." },
        "suite": { "$ref": "#/$defs/name", "description": "Suite name, recorded with every run." },
        "description": { "type": "string" },
        "nodes": { "$ref": "#/$defs/nodes", "description": "Nodes every step runs on; default [local]." },
        "groups": {
          "description": "Named node sets; 'nodes: \"@name\"' (also in steps and --nodes) means the group's nodes.",
          "type": "object",
          "additionalProperties": { "$ref": "#/$defs/nodes" }
        },
        "ssh": {
          "description": "How to reach the nodes; unset values come from ~/.ssh/config; command-line flags win.",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "user": { "type": "string", "minLength": 1 },
            "port": { "type": "integer", "minimum": 1, "maximum": 65535 },
            "identity": { "type": "string", "minLength": 1 },
            "jump_host": { "type": "string", "minLength": 1 },
            "connect_timeout": { "$ref": "#/$defs/duration" },
            "known_hosts": { "type": "string", "minLength": 1 }
          }
        },
        "redact_env": {
          "description": "Env names whose values are secrets (stored and shown as <redacted>): besides names containing TOKEN, SECRET, PASSWORD, PASSWD, KEY, CREDENTIAL, AUTH, PRIVATE or COOKIE.",
          "type": "object", "additionalProperties": false,
          "properties": {
            "also": { "type": "array", "items": { "type": "string" }, "description": "More name patterns (substrings, any case)." },
            "except": { "type": "array", "items": { "type": "string" }, "description": "Exact names kept in the clear." }
          }
        },
        "node_overrides": {
          "description": "Settings for some nodes of a mixed cluster, keyed by hostlist or @group; later entries win. Each key must name nodes of the suite.",
          "type": "object",
          "additionalProperties": {
            "type": "object",
            "additionalProperties": false,
            "properties": {
              "ssh": {
                "description": "Replaces the suite's ssh: values for these nodes (command-line flags still win).",
                "type": "object",
                "additionalProperties": false,
                "properties": {
                  "user": { "type": "string", "minLength": 1 },
                  "port": { "type": "integer", "minimum": 1, "maximum": 65535 },
                  "identity": { "type": "string", "minLength": 1 },
                  "jump_host": { "type": "string", "minLength": 1 },
                  "connect_timeout": { "$ref": "#/$defs/duration" },
                  "hostname": { "type": "string", "minLength": 1, "description": "Name or address to connect to instead of the node name." }
                }
              },
              "env": { "$ref": "#/$defs/env", "description": "Added after the suite's and the step's env, before env_matrix variants and --env." },
              "gpus": { "type": "integer", "minimum": 1, "maximum": 1024, "description": "GPU count: fills gpus: auto and ranks_per_node: gpus." },
              "nccl_tests_path": {
                "description": "Replaces defaults.nccl_tests_path on these nodes.",
                "oneOf": [
                  { "type": "string" },
                  { "type": "array", "items": { "type": "string" } }
                ]
              },
              "workdir": { "type": "string", "minLength": 1, "description": "Replaces the suite's and the step's workdir on these nodes." }
            }
          }
        },
        "defaults": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "env": { "$ref": "#/$defs/env" },
            "timeout": { "$ref": "#/$defs/duration" },
            "workdir": { "type": "string", "minLength": 1 },
            "max_artifact_bytes": {
              "description": "The most bytes one captured artifact may be, or inflate to (a .json.gz trace), and still be parsed; default 1G. A larger one is stored, not parsed, and fails its step.",
              "$ref": "#/$defs/byteSize"
            },
            "max_planned_steps": {
              "description": "The most steps the plan may expand to (nodes × env_matrix × repeat, summed over steps); default 100000.",
              "type": "integer", "minimum": 1, "maximum": 100000000
            },
            "nvbandwidth_path": {
              "description": "Directories searched for the nvbandwidth binary before PATH.",
              "oneOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
              ]
            },
            "nccl_tests_path": {
              "description": "Directories searched for *_perf binaries before PATH.",
              "oneOf": [
                { "type": "string" },
                { "type": "array", "items": { "type": "string" } }
              ]
            }
          }
        },
        "captures": {
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "dmon": {
              "description": "nvidia-smi dmon -s <metrics> -d <interval> -o DT beside every step.",
              "type": ["object", "null"],
              "additionalProperties": false,
              "properties": {
                "metrics": { "type": "string", "pattern": "^[pucvmet]+$", "default": "pucvmet" },
                "interval": { "type": "integer", "minimum": 1, "maximum": 3600, "default": 1 }
              }
            }
          }
        },
        "regression": {
          "description": "Baseline and tolerances for `dsbench compare` and `dsbench check` (docs/regressions.md).",
          "type": "object",
          "additionalProperties": false,
          "properties": {
            "baseline": { "type": "string", "minLength": 1, "description": "Baseline name, run id, or auto." },
            "tolerance": { "$ref": "#/$defs/tolerance" },
            "fleet_z": { "type": "number", "minimum": 0.5, "maximum": 100, "default": 3.5 },
            "alpha": { "type": "number", "minimum": 0.0001, "maximum": 0.5, "default": 0.05 },
            "auto_runs": { "type": "integer", "minimum": 1, "maximum": 1000, "default": 5 },
            "metric_tolerance": {
              "description": "Allowed worsening of a workload metric (step time, throughput, trace overlap) in its declared direction.",
              "$ref": "#/$defs/fraction", "default": "15%"
            },
            "metric_tolerances": {
              "description": "Per metric name (a declared workload metric or a trace.* metric); wins over metric_tolerance.",
              "type": "object",
              "additionalProperties": { "$ref": "#/$defs/fraction" }
            }
          }
        },
        "verdict": {
          "description": "Which rules or classes fail the run's verdict (docs/regressions.md, `dsbench rules`).",
          "type": ["object", "null"],
          "additionalProperties": false,
          "properties": {
            "fail": { "type": ["array", "string"], "items": { "type": "string" },
                      "description": "Rule ids or classes (regression, degraded, advice) that fail the verdict." },
            "pass": { "type": ["array", "string"], "items": { "type": "string" },
                      "description": "Rule ids or classes reported as advice, never failing." },
            "severity": { "type": "object", "additionalProperties": { "enum": ["info", "warning", "critical"] } }
          }
        },
        "health": {
          "description": "Health-rule thresholds and expected figures (see `dsbench rules`).",
          "type": ["object", "null"],
          "additionalProperties": false,
          "properties": {
            "thresholds": {
              "type": "object",
              "additionalProperties": false,
              "properties": {
                "busbw.fraction": { "type": "number", "minimum": 0 },
                "busbw.min_bytes": { "type": "number", "minimum": 0 },
                "util.sm_percent": { "type": "number", "minimum": 0 },
                "util.min_samples": { "type": "number", "minimum": 0 },
                "memory.percent": { "type": "number", "minimum": 0 },
                "temperature.gpu_c": { "type": "number", "minimum": 0 },
                "temperature.memory_c": { "type": "number", "minimum": 0 },
                "violation.power_percent": { "type": "number", "minimum": 0 },
                "clocks.fraction": { "type": "number", "minimum": 0 },
                "load.sm_percent": { "type": "number", "minimum": 0 },
                "channels.fraction": { "type": "number", "minimum": 0 },
                "workload.overlap_percent": { "type": "number", "minimum": 0 },
                "pcie.bandwidth_fraction": { "type": "number", "minimum": 0 },
                "pcie.sibling_fraction": { "type": "number", "minimum": 0 },
                "metric.expected_fraction": { "type": "number", "minimum": 0 }
              }
            },
            "expected_busbw": {
              "type": "array",
              "items": {
                "type": "object",
                "additionalProperties": false,
                "required": ["gpu", "gpus", "busbw"],
                "properties": {
                  "gpu": { "type": "string", "minLength": 1 },
                  "gpus": { "type": "integer", "minimum": 1 },
                  "interconnect": { "type": "string", "minLength": 1 },
                  "collective": { "type": "string" },
                  "nvls": { "type": "boolean" },
                  "busbw": { "type": "number", "exclusiveMinimum": 0 },
                  "source": { "type": "string" }
                }
              }
            },
            "busy_steps": { "oneOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }] },
            "disabled_rules": { "oneOf": [{ "type": "string" }, { "type": "array", "items": { "type": "string" } }] }
          }
        },
        "steps": {
          "type": "array",
          "minItems": 1,
          "items": { "$ref": "#/$defs/step" }
        }
      },
    """#
}
