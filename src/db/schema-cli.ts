import { writeFileSync } from 'node:fs';
import { openDatabase } from './open.js';
import { dumpSchema, schemaSnapshotPath } from './schema.js';

/** `npm run db:schema`: writes src/db/schema.sql again from the migrations, after adding one. */
const db = openDatabase(':memory:');
const path = schemaSnapshotPath();
writeFileSync(path, dumpSchema(db));
db.close();
console.log(`Wrote ${path}`);
