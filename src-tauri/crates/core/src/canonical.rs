//! Canonical JSON: object keys sorted, no whitespace. Digests and signatures hash this form, so they do not depend
//! on how a serde_json build orders maps.

use serde_json::{Map, Value};

pub fn to_string(v: &Value) -> String {
    let mut out = String::new();
    write(v, &mut out);
    out
}

/// The canonical form of an object, without wrapping it in a [`Value`] first.
pub fn map_to_string(map: &Map<String, Value>) -> String {
    let mut out = String::with_capacity(64 * map.len());
    write_map(map, &mut out);
    out
}

fn write_map(map: &Map<String, Value>, out: &mut String) {
    let mut keys: Vec<&String> = map.keys().collect();
    keys.sort();
    out.push('{');
    for (i, k) in keys.into_iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        write_str(k, out);
        out.push(':');
        write(&map[k], out);
    }
    out.push('}');
}

fn write_str(s: &str, out: &mut String) {
    // serde_json's own escaping; a plain string cannot fail to serialise.
    out.push_str(&serde_json::to_string(s).unwrap_or_default());
}

fn write(v: &Value, out: &mut String) {
    match v {
        Value::Object(map) => write_map(map, out),
        Value::String(s) => write_str(s, out),
        Value::Array(items) => {
            out.push('[');
            for (i, item) in items.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                write(item, out);
            }
            out.push(']');
        }
        other => out.push_str(&other.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    #[test]
    fn keys_sorted_at_every_level() {
        let v = json!({"b": 1, "a": {"z": [ {"y": 1, "x": 2} ], "c": "ñ"}});
        assert_eq!(super::to_string(&v), r#"{"a":{"c":"ñ","z":[{"x":2,"y":1}]},"b":1}"#);
        let map = v.as_object().cloned().unwrap_or_default();
        assert_eq!(super::map_to_string(&map), super::to_string(&v));
        assert_eq!(super::to_string(&json!("a\"b\n")), r#""a\"b\n""#);
    }
}
