import fs from 'node:fs';
import { apiTypesFile, generateApiTypes } from './api-types.ts';

// `npm run api:types`: regenerates web/app/api-types.ts from the server's OpenAPI document.
const text = await generateApiTypes();
const before = fs.existsSync(apiTypesFile) ? fs.readFileSync(apiTypesFile, 'utf8') : '';
fs.writeFileSync(apiTypesFile, text);
console.log(before === text ? 'web/app/api-types.ts is up to date' : 'web/app/api-types.ts written');
