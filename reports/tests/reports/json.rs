//! The JSON writer: golden output, the committed schema, and the output against it.

use std::path::PathBuf;
use std::time::Duration;

use mcp_auth_reports::json;
use serde_json::Value;

use crate::fixtures;

fn schema_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("schema/report.v1.schema.json")
}

#[test]
fn golden_clean_run() {
    let expected = r#"{
  "schema_version": 1,
  "tool_version": "0.1.0",
  "role": "server",
  "spec_version": "2025-11-25",
  "target": "http://127.0.0.1:9/mcp",
  "outcome": "pass",
  "summary": {
    "scenarios": {
      "pass": 1,
      "fail": 0,
      "error": 0,
      "skip": 0
    },
    "checks": {
      "pass": 1,
      "fail": 0,
      "error": 0,
      "skip": 1
    }
  },
  "scenarios": [
    {
      "id": "rs/prm-document",
      "title": "PRM document is served",
      "role": "server",
      "spec_version": "2025-11-25",
      "official_name": null,
      "outcome": "pass",
      "checks": [
        {
          "scenario": "rs/prm-document",
          "check": "prm-resource-matches",
          "requirement": "RS-PRM-RESOURCE",
          "level": "MUST",
          "outcome": "pass",
          "message": "ok",
          "spec_reference": null,
          "official_name": null,
          "transcript": null
        },
        {
          "scenario": "rs/prm-document",
          "check": "prm-scopes",
          "requirement": "RS-PRM-SCOPES",
          "level": "SHOULD",
          "outcome": "skip",
          "message": "no scopes",
          "spec_reference": null,
          "official_name": null,
          "transcript": null
        }
      ]
    }
  ]
}
"#;
    assert_eq!(json::to_string(&fixtures::clean()).unwrap(), expected);
}

/// nextest-style "checked current": the committed schema is what the code generates.
/// `MCP_AUTH_UPDATE_SCHEMA=1 cargo test -p mcp-auth-reports` rewrites it.
#[test]
fn committed_schema_is_current() {
    let generated = json::schema_string().unwrap();
    if std::env::var_os("MCP_AUTH_UPDATE_SCHEMA").is_some() {
        std::fs::write(schema_path(), &generated).unwrap();
    }
    let committed = std::fs::read_to_string(schema_path()).unwrap();
    assert!(
        committed == generated,
        "reports/schema/report.v1.schema.json is stale; rerun with MCP_AUTH_UPDATE_SCHEMA=1"
    );
}

/// A small validator for the subset of JSON Schema the committed schema uses: `$ref`,
/// `type`, `properties`, `required`, `additionalProperties: false`, `items`, `enum`,
/// `const`, `oneOf`. Returns the paths of violations.
fn validate(schema: &Value, root: &Value, value: &Value, path: &str, errors: &mut Vec<String>) {
    if let Some(reference) = schema.get("$ref").and_then(Value::as_str) {
        let name = reference.strip_prefix("#/$defs/").unwrap();
        return validate(&root["$defs"][name], root, value, path, errors);
    }
    if let Some(options) = schema.get("oneOf").and_then(Value::as_array) {
        let matching = options
            .iter()
            .filter(|option| {
                let mut sub = Vec::new();
                validate(option, root, value, path, &mut sub);
                sub.is_empty()
            })
            .count();
        if matching != 1 {
            errors.push(format!("{path}: {matching} oneOf branches match {value}"));
        }
    }
    if let Some(types) = schema.get("type") {
        let types: Vec<&str> = match types {
            Value::String(t) => vec![t.as_str()],
            Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
            other => panic!("unexpected type {other}"),
        };
        let actual = match value {
            Value::Null => "null",
            Value::Bool(_) => "boolean",
            Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
            Value::Number(_) => "number",
            Value::String(_) => "string",
            Value::Array(_) => "array",
            Value::Object(_) => "object",
        };
        if !types.contains(&actual) {
            errors.push(format!("{path}: {actual} is not one of {types:?}"));
        }
    }
    if let Some(allowed) = schema.get("enum").and_then(Value::as_array)
        && !allowed.contains(value)
    {
        errors.push(format!("{path}: {value} not in enum"));
    }
    if let Some(constant) = schema.get("const")
        && constant != value
    {
        errors.push(format!("{path}: {value} is not {constant}"));
    }
    if let Value::Object(members) = value {
        let properties = schema.get("properties").and_then(Value::as_object);
        for required in schema.get("required").and_then(Value::as_array).into_iter().flatten() {
            if !members.contains_key(required.as_str().unwrap()) {
                errors.push(format!("{path}: missing required {required}"));
            }
        }
        for (name, member) in members {
            match properties.and_then(|p| p.get(name)) {
                Some(sub) => validate(sub, root, member, &format!("{path}.{name}"), errors),
                None if schema.get("additionalProperties") == Some(&Value::Bool(false)) => {
                    errors.push(format!("{path}: unexpected member {name}"));
                }
                None => {}
            }
        }
    }
    if let (Value::Array(items), Some(item_schema)) = (value, schema.get("items")) {
        for (i, item) in items.iter().enumerate() {
            validate(item_schema, root, item, &format!("{path}[{i}]"), errors);
        }
    }
}

fn violations(document: &Value) -> Vec<String> {
    let schema: Value =
        serde_json::from_str(&std::fs::read_to_string(schema_path()).unwrap()).unwrap();
    let mut errors = Vec::new();
    validate(&schema, &schema, document, "$", &mut errors);
    errors
}

#[test]
fn output_conforms_to_the_committed_schema() {
    let mut timed = fixtures::mixed();
    timed.scenarios[0].duration = Some(Duration::from_millis(42));
    for report in [fixtures::mixed(), fixtures::clean(), fixtures::report(vec![]), timed] {
        let document: Value = serde_json::from_str(&json::to_string(&report).unwrap()).unwrap();
        assert_eq!(violations(&document), Vec::<String>::new());
    }
}

#[test]
fn the_validator_notices_what_the_schema_forbids() {
    let mut document: Value =
        serde_json::from_str(&json::to_string(&fixtures::mixed()).unwrap()).unwrap();
    document["scenarios"][0]["checks"][0].as_object_mut().unwrap().remove("requirement");
    document["scenarios"][0]["checks"][1]["level"] = "must".into();
    document["scenarios"][1]["outcome"] = "warning".into();
    document["schema_version"] = 2.into();
    document["hostname"] = "ci-runner-7".into();
    let errors = violations(&document);
    assert_eq!(errors.len(), 5, "{errors:#?}");
}

#[test]
fn every_check_carries_its_identity_and_verdict() {
    let document: Value =
        serde_json::from_str(&json::to_string(&fixtures::mixed()).unwrap()).unwrap();
    assert_eq!(document["schema_version"], 1);
    assert_eq!(document["outcome"], "error");
    assert_eq!(document["summary"]["checks"]["fail"], 2);
    let checks: Vec<&Value> = document["scenarios"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["checks"].as_array().unwrap())
        .collect();
    assert_eq!(checks.len(), 7);
    let expired = &document["scenarios"][0];
    assert_eq!(
        (expired["id"].as_str(), expired["outcome"].as_str()),
        (Some("rs/expired-token"), Some("error"))
    );
    assert_eq!(expired["checks"][0]["outcome"], "fail");
    assert_eq!(expired["checks"][1]["outcome"], "error");
    assert!(expired.get("duration_ms").is_none());
}
