import { writeFileSync } from 'node:fs';
import { openDatabase } from '../src/db/open.js';
import { dumpSchema, schemaSnapshotPath } from './schema-snapshot.js';

/** `npm run db:schema`: writes src/db/schema.sql again from the migrations, after adding one (a developer's tool, not shipped). */
const db = openDatabase(':memory:');
const path = schemaSnapshotPath();
writeFileSync(path, dumpSchema(db));
db.close();
console.log(`Wrote ${path}`);
