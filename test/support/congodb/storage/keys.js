// [blox patch 2, 3] Added file (not in the CongoDB release).
import * as plugins from '../congodb.plugins.js';
/**
 * The key under which a document is stored: its _id in canonical Extended JSON,
 * so that any BSON type is an _id (a string "a" and an ObjectId stay distinct).
 */
export function idKey(id) {
    return plugins.bson.EJSON.stringify({ v: id }, { relaxed: false });
}
/** The value of a dotted `path` in `doc`; null when missing, as MongoDB indexes it. */
export function pathValue(doc, path) {
    let value = doc;
    for (const part of path.split('.')) {
        if (value === null || typeof value !== 'object' || !(part in value))
            return null;
        value = value[part];
    }
    return value === undefined ? null : value;
}
/** The values of an index's fields in `doc`, in key order. */
export function indexValues(doc, key) {
    const values = {};
    for (const field of Object.keys(key))
        values[field] = pathValue(doc, field);
    return values;
}
/** How MongoDB prints a key in E11000 messages: { name: "x", n: 2 }. */
export function formatKey(values) {
    const parts = Object.entries(values).map(([k, v]) => `${k}: ${plugins.bson.EJSON.stringify(v, { relaxed: true })}`);
    return `{ ${parts.join(', ')} }`;
}
/** The E11000 duplicate key error MongoDB raises for index `name` of `dbName.collName`. */
export function duplicateKeyError(dbName, collName, index, values) {
    const err = new Error(`E11000 duplicate key error collection: ${dbName}.${collName} index: ${index.name} dup key: ${formatKey(values)}`);
    err.code = 11000;
    err.codeName = 'DuplicateKey';
    err.keyPattern = index.key;
    err.keyValue = values;
    return err;
}
