//! JSON rows to Arrow columns, following a schema: the rows are the commands' JSON, so a
//! table holds the same fields, and nested lists become Arrow lists (of structs).

use std::sync::Arc;

use arrow_array::builder::{BooleanBuilder, Float64Builder, Int64Builder, StringBuilder};
use arrow_array::{ArrayRef, ListArray, RecordBatch, StructArray};
use arrow_buffer::{NullBuffer, OffsetBuffer};
use arrow_schema::{ArrowError, DataType, Fields, SchemaRef};
use serde_json::Value;

/// One record batch of `rows` (JSON objects) under `schema`: each column is the field of that
/// name (null where a row lacks it); keys the schema does not name are left out.
pub fn batch(schema: &SchemaRef, rows: &[Value]) -> Result<RecordBatch, ArrowError> {
    let columns = schema
        .fields()
        .iter()
        .map(|field| {
            let values: Vec<&Value> = rows.iter().map(|row| member(row, field.name())).collect();
            column(field.data_type(), &values)
        })
        .collect::<Result<Vec<_>, _>>()?;
    RecordBatch::try_new(schema.clone(), columns)
}

static NULL: Value = Value::Null;

fn member<'a>(value: &'a Value, name: &str) -> &'a Value {
    value.get(name).unwrap_or(&NULL)
}

/// A JSON value as text: a string as it is, anything else (not null) as its JSON.
fn text(value: &Value) -> Option<String> {
    match value {
        Value::Null => None,
        Value::String(s) => Some(s.clone()),
        other => Some(other.to_string()),
    }
}

/// The column of `values` as `data_type`.
fn column(data_type: &DataType, values: &[&Value]) -> Result<ArrayRef, ArrowError> {
    Ok(match data_type {
        DataType::Utf8 => {
            let mut b = StringBuilder::with_capacity(values.len(), values.len() * 16);
            for v in values {
                b.append_option(text(v));
            }
            Arc::new(b.finish())
        }
        DataType::Int64 => {
            let mut b = Int64Builder::with_capacity(values.len());
            for v in values {
                b.append_option(v.as_i64());
            }
            Arc::new(b.finish())
        }
        DataType::Float64 => {
            let mut b = Float64Builder::with_capacity(values.len());
            for v in values {
                b.append_option(v.as_f64());
            }
            Arc::new(b.finish())
        }
        DataType::Boolean => {
            let mut b = BooleanBuilder::with_capacity(values.len());
            for v in values {
                b.append_option(v.as_bool());
            }
            Arc::new(b.finish())
        }
        DataType::List(item) => {
            let mut lengths = Vec::with_capacity(values.len());
            let mut valid = Vec::with_capacity(values.len());
            let mut items: Vec<&Value> = Vec::new();
            for v in values {
                match v {
                    Value::Array(list) => {
                        lengths.push(list.len());
                        valid.push(true);
                        items.extend(list.iter());
                    }
                    _ => {
                        lengths.push(0);
                        valid.push(false);
                    }
                }
            }
            let child = column(item.data_type(), &items)?;
            Arc::new(ListArray::try_new(
                item.clone(),
                OffsetBuffer::from_lengths(lengths),
                child,
                nulls(valid),
            )?)
        }
        DataType::Struct(fields) => struct_column(fields, values)?,
        other => {
            return Err(ArrowError::NotYetImplemented(format!(
                "export column of type {other}"
            )))
        }
    })
}

fn struct_column(fields: &Fields, values: &[&Value]) -> Result<ArrayRef, ArrowError> {
    let children = fields
        .iter()
        .map(|field| {
            let members: Vec<&Value> = values.iter().map(|v| member(v, field.name())).collect();
            column(field.data_type(), &members)
        })
        .collect::<Result<Vec<_>, _>>()?;
    let valid = values.iter().map(|v| v.is_object()).collect();
    Ok(Arc::new(StructArray::try_new(
        fields.clone(),
        children,
        nulls(valid),
    )?))
}

/// The validity of a column, or none when every value is there.
fn nulls(valid: Vec<bool>) -> Option<NullBuffer> {
    if valid.iter().all(|v| *v) {
        None
    } else {
        Some(NullBuffer::from(valid))
    }
}
