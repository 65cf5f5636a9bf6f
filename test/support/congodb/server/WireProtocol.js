import * as plugins from '../congodb.plugins.js';
/**
 * MongoDB Wire Protocol Implementation
 * Handles parsing and encoding of MongoDB wire protocol messages (OP_MSG primarily)
 *
 * Wire Protocol Message Format:
 * - Header (16 bytes): messageLength (4), requestID (4), responseTo (4), opCode (4)
 * - OP_MSG: flagBits (4), sections[], optional checksum (4)
 *
 * References:
 * - https://www.mongodb.com/docs/manual/reference/mongodb-wire-protocol/
 */
// OpCodes
export const OP_REPLY = 1; // Legacy reply
export const OP_UPDATE = 2001; // Legacy update
export const OP_INSERT = 2002; // Legacy insert
export const OP_QUERY = 2004; // Legacy query (still used for initial handshake)
export const OP_GET_MORE = 2005; // Legacy getMore
export const OP_DELETE = 2006; // Legacy delete
export const OP_KILL_CURSORS = 2007; // Legacy kill cursors
export const OP_COMPRESSED = 2012; // Compressed message
export const OP_MSG = 2013; // Modern protocol (MongoDB 3.6+)
// OP_MSG Section Types
export const SECTION_BODY = 0; // Single BSON document
export const SECTION_DOCUMENT_SEQUENCE = 1; // Document sequence for bulk operations
// OP_MSG Flag Bits
export const MSG_FLAG_CHECKSUM_PRESENT = 1 << 0;
export const MSG_FLAG_MORE_TO_COME = 1 << 1;
export const MSG_FLAG_EXHAUST_ALLOWED = 1 << 16;
/**
 * Wire Protocol parser and encoder
 */
export class WireProtocol {
    /**
     * Parse a complete message from a buffer
     * Returns the parsed command and the number of bytes consumed
     */
    static parseMessage(buffer) {
        if (buffer.length < 16) {
            return null; // Not enough data for header
        }
        const header = this.parseHeader(buffer);
        if (buffer.length < header.messageLength) {
            return null; // Not enough data for complete message
        }
        const messageBuffer = buffer.subarray(0, header.messageLength);
        switch (header.opCode) {
            case OP_MSG:
                return this.parseOpMsg(messageBuffer, header);
            case OP_QUERY:
                return this.parseOpQuery(messageBuffer, header);
            default:
                throw new Error(`Unsupported opCode: ${header.opCode}`);
        }
    }
    /**
     * Parse message header (16 bytes)
     */
    static parseHeader(buffer) {
        return {
            messageLength: buffer.readInt32LE(0),
            requestID: buffer.readInt32LE(4),
            responseTo: buffer.readInt32LE(8),
            opCode: buffer.readInt32LE(12),
        };
    }
    /**
     * Parse OP_MSG message
     */
    static parseOpMsg(buffer, header) {
        let offset = 16; // Skip header
        const flagBits = buffer.readUInt32LE(offset);
        offset += 4;
        const sections = [];
        const documentSequences = new Map();
        // Parse sections until we reach the end (or checksum)
        const messageEnd = (flagBits & MSG_FLAG_CHECKSUM_PRESENT)
            ? header.messageLength - 4
            : header.messageLength;
        while (offset < messageEnd) {
            const sectionType = buffer.readUInt8(offset);
            offset += 1;
            if (sectionType === SECTION_BODY) {
                // Single BSON document
                const docSize = buffer.readInt32LE(offset);
                const docBuffer = buffer.subarray(offset, offset + docSize);
                const doc = plugins.bson.deserialize(docBuffer);
                sections.push({ type: SECTION_BODY, payload: doc });
                offset += docSize;
            }
            else if (sectionType === SECTION_DOCUMENT_SEQUENCE) {
                // Document sequence
                const sectionSize = buffer.readInt32LE(offset);
                const sectionEnd = offset + sectionSize;
                offset += 4;
                // Read sequence identifier (C string)
                let identifierEnd = offset;
                while (buffer[identifierEnd] !== 0 && identifierEnd < sectionEnd) {
                    identifierEnd++;
                }
                const identifier = buffer.subarray(offset, identifierEnd).toString('utf8');
                offset = identifierEnd + 1; // Skip null terminator
                // Read documents
                const documents = [];
                while (offset < sectionEnd) {
                    const docSize = buffer.readInt32LE(offset);
                    const docBuffer = buffer.subarray(offset, offset + docSize);
                    documents.push(plugins.bson.deserialize(docBuffer));
                    offset += docSize;
                }
                sections.push({
                    type: SECTION_DOCUMENT_SEQUENCE,
                    payload: {},
                    sequenceIdentifier: identifier,
                    documents
                });
                documentSequences.set(identifier, documents);
            }
            else {
                throw new Error(`Unknown section type: ${sectionType}`);
            }
        }
        // The first section body contains the command
        const commandSection = sections.find(s => s.type === SECTION_BODY);
        if (!commandSection) {
            throw new Error('OP_MSG missing command body section');
        }
        const command = commandSection.payload;
        const commandName = Object.keys(command)[0];
        const database = command.$db || 'admin';
        return {
            command: {
                commandName,
                command,
                database,
                requestID: header.requestID,
                opCode: header.opCode,
                documentSequences: documentSequences.size > 0 ? documentSequences : undefined,
            },
            bytesConsumed: header.messageLength,
        };
    }
    /**
     * Parse OP_QUERY message (legacy, used for initial handshake)
     */
    static parseOpQuery(buffer, header) {
        let offset = 16; // Skip header
        const flags = buffer.readInt32LE(offset);
        offset += 4;
        // Read full collection name (C string)
        let nameEnd = offset;
        while (buffer[nameEnd] !== 0 && nameEnd < buffer.length) {
            nameEnd++;
        }
        const fullCollectionName = buffer.subarray(offset, nameEnd).toString('utf8');
        offset = nameEnd + 1;
        const numberToSkip = buffer.readInt32LE(offset);
        offset += 4;
        const numberToReturn = buffer.readInt32LE(offset);
        offset += 4;
        // Read query document
        const querySize = buffer.readInt32LE(offset);
        const queryBuffer = buffer.subarray(offset, offset + querySize);
        const query = plugins.bson.deserialize(queryBuffer);
        offset += querySize;
        // Extract database from collection name (format: "dbname.$cmd" or "dbname.collection")
        const parts = fullCollectionName.split('.');
        const database = parts[0];
        // For OP_QUERY to .$cmd, the query IS the command
        let commandName = 'find';
        let command = query;
        if (parts[1] === '$cmd') {
            // This is a command
            commandName = Object.keys(query)[0];
            // Handle special commands like isMaster, hello
            if (commandName === 'isMaster' || commandName === 'ismaster') {
                commandName = 'hello';
            }
        }
        return {
            command: {
                commandName,
                command,
                database,
                requestID: header.requestID,
                opCode: header.opCode,
            },
            bytesConsumed: header.messageLength,
        };
    }
    /**
     * Encode a response as OP_MSG
     */
    static encodeOpMsgResponse(responseTo, response, requestID = Math.floor(Math.random() * 0x7FFFFFFF)) {
        // Add $db if not present (optional in response)
        const responseDoc = { ...response };
        // Serialize the response document
        const bodyBson = plugins.bson.serialize(responseDoc);
        // Calculate message length
        // Header (16) + flagBits (4) + section type (1) + body BSON
        const messageLength = 16 + 4 + 1 + bodyBson.length;
        const buffer = Buffer.alloc(messageLength);
        let offset = 0;
        // Write header
        buffer.writeInt32LE(messageLength, offset); // messageLength
        offset += 4;
        buffer.writeInt32LE(requestID, offset); // requestID
        offset += 4;
        buffer.writeInt32LE(responseTo, offset); // responseTo
        offset += 4;
        buffer.writeInt32LE(OP_MSG, offset); // opCode
        offset += 4;
        // Write flagBits (0 = no flags)
        buffer.writeUInt32LE(0, offset);
        offset += 4;
        // Write section type 0 (body)
        buffer.writeUInt8(SECTION_BODY, offset);
        offset += 1;
        // Write body BSON
        Buffer.from(bodyBson).copy(buffer, offset);
        return buffer;
    }
    /**
     * Encode a response as OP_REPLY (legacy, for OP_QUERY responses)
     */
    static encodeOpReplyResponse(responseTo, documents, requestID = Math.floor(Math.random() * 0x7FFFFFFF), cursorId = BigInt(0)) {
        // Serialize all documents
        const docBuffers = documents.map(doc => plugins.bson.serialize(doc));
        const totalDocsSize = docBuffers.reduce((sum, buf) => sum + buf.length, 0);
        // Message format:
        // Header (16) + responseFlags (4) + cursorID (8) + startingFrom (4) + numberReturned (4) + documents
        const messageLength = 16 + 4 + 8 + 4 + 4 + totalDocsSize;
        const buffer = Buffer.alloc(messageLength);
        let offset = 0;
        // Write header
        buffer.writeInt32LE(messageLength, offset); // messageLength
        offset += 4;
        buffer.writeInt32LE(requestID, offset); // requestID
        offset += 4;
        buffer.writeInt32LE(responseTo, offset); // responseTo
        offset += 4;
        buffer.writeInt32LE(OP_REPLY, offset); // opCode
        offset += 4;
        // Write OP_REPLY fields
        buffer.writeInt32LE(0, offset); // responseFlags (0 = no errors)
        offset += 4;
        buffer.writeBigInt64LE(cursorId, offset); // cursorID
        offset += 8;
        buffer.writeInt32LE(0, offset); // startingFrom
        offset += 4;
        buffer.writeInt32LE(documents.length, offset); // numberReturned
        offset += 4;
        // Write documents
        for (const docBuffer of docBuffers) {
            Buffer.from(docBuffer).copy(buffer, offset);
            offset += docBuffer.length;
        }
        return buffer;
    }
    /**
     * Encode an error response
     */
    static encodeErrorResponse(responseTo, errorCode, errorMessage, commandName) {
        const response = {
            ok: 0,
            errmsg: errorMessage,
            code: errorCode,
            codeName: this.getErrorCodeName(errorCode),
        };
        return this.encodeOpMsgResponse(responseTo, response);
    }
    /**
     * Get error code name from error code
     */
    static getErrorCodeName(code) {
        const errorNames = {
            0: 'OK',
            1: 'InternalError',
            2: 'BadValue',
            11000: 'DuplicateKey',
            11001: 'DuplicateKeyValue',
            13: 'Unauthorized',
            26: 'NamespaceNotFound',
            27: 'IndexNotFound',
            48: 'NamespaceExists',
            59: 'CommandNotFound',
            66: 'ImmutableField',
            73: 'InvalidNamespace',
            85: 'IndexOptionsConflict',
            112: 'WriteConflict',
            121: 'DocumentValidationFailure',
            211: 'KeyNotFound',
            251: 'NoSuchTransaction',
        };
        return errorNames[code] || 'UnknownError';
    }
}
//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozLCJmaWxlIjoiV2lyZVByb3RvY29sLmpzIiwic291cmNlUm9vdCI6IiIsInNvdXJjZXMiOlsiLi4vLi4vLi4vdHMvY29uZ29kYi9zZXJ2ZXIvV2lyZVByb3RvY29sLnRzIl0sIm5hbWVzIjpbXSwibWFwcGluZ3MiOiJBQUFBLE9BQU8sS0FBSyxPQUFPLE1BQU0sdUJBQXVCLENBQUM7QUFFakQ7Ozs7Ozs7Ozs7R0FVRztBQUVILFVBQVU7QUFDVixNQUFNLENBQUMsTUFBTSxRQUFRLEdBQUcsQ0FBQyxDQUFDLENBQVEsZUFBZTtBQUNqRCxNQUFNLENBQUMsTUFBTSxTQUFTLEdBQUcsSUFBSSxDQUFDLENBQUksZ0JBQWdCO0FBQ2xELE1BQU0sQ0FBQyxNQUFNLFNBQVMsR0FBRyxJQUFJLENBQUMsQ0FBSSxnQkFBZ0I7QUFDbEQsTUFBTSxDQUFDLE1BQU0sUUFBUSxHQUFHLElBQUksQ0FBQyxDQUFLLGtEQUFrRDtBQUNwRixNQUFNLENBQUMsTUFBTSxXQUFXLEdBQUcsSUFBSSxDQUFDLENBQUUsaUJBQWlCO0FBQ25ELE1BQU0sQ0FBQyxNQUFNLFNBQVMsR0FBRyxJQUFJLENBQUMsQ0FBSSxnQkFBZ0I7QUFDbEQsTUFBTSxDQUFDLE1BQU0sZUFBZSxHQUFHLElBQUksQ0FBQyxDQUFDLHNCQUFzQjtBQUMzRCxNQUFNLENBQUMsTUFBTSxhQUFhLEdBQUcsSUFBSSxDQUFDLENBQUcscUJBQXFCO0FBQzFELE1BQU0sQ0FBQyxNQUFNLE1BQU0sR0FBRyxJQUFJLENBQUMsQ0FBTyxpQ0FBaUM7QUFFbkUsdUJBQXVCO0FBQ3ZCLE1BQU0sQ0FBQyxNQUFNLFlBQVksR0FBRyxDQUFDLENBQUMsQ0FBVyx1QkFBdUI7QUFDaEUsTUFBTSxDQUFDLE1BQU0seUJBQXlCLEdBQUcsQ0FBQyxDQUFDLENBQUMsd0NBQXdDO0FBRXBGLG1CQUFtQjtBQUNuQixNQUFNLENBQUMsTUFBTSx5QkFBeUIsR0FBRyxDQUFDLElBQUksQ0FBQyxDQUFDO0FBQ2hELE1BQU0sQ0FBQyxNQUFNLHFCQUFxQixHQUFHLENBQUMsSUFBSSxDQUFDLENBQUM7QUFDNUMsTUFBTSxDQUFDLE1BQU0sd0JBQXdCLEdBQUcsQ0FBQyxJQUFJLEVBQUUsQ0FBQztBQXlEaEQ7O0dBRUc7QUFDSCxNQUFNLE9BQU8sWUFBWTtJQUN2Qjs7O09BR0c7SUFDSCxNQUFNLENBQUMsWUFBWSxDQUFDLE1BQWM7UUFDaEMsSUFBSSxNQUFNLENBQUMsTUFBTSxHQUFHLEVBQUUsRUFBRSxDQUFDO1lBQ3ZCLE9BQU8sSUFBSSxDQUFDLENBQUMsNkJBQTZCO1FBQzVDLENBQUM7UUFFRCxNQUFNLE1BQU0sR0FBRyxJQUFJLENBQUMsV0FBVyxDQUFDLE1BQU0sQ0FBQyxDQUFDO1FBRXhDLElBQUksTUFBTSxDQUFDLE1BQU0sR0FBRyxNQUFNLENBQUMsYUFBYSxFQUFFLENBQUM7WUFDekMsT0FBTyxJQUFJLENBQUMsQ0FBQyx1Q0FBdUM7UUFDdEQsQ0FBQztRQUVELE1BQU0sYUFBYSxHQUFHLE1BQU0sQ0FBQyxRQUFRLENBQUMsQ0FBQyxFQUFFLE1BQU0sQ0FBQyxhQUFhLENBQUMsQ0FBQztRQUUvRCxRQUFRLE1BQU0sQ0FBQyxNQUFNLEVBQUUsQ0FBQztZQUN0QixLQUFLLE1BQU07Z0JBQ1QsT0FBTyxJQUFJLENBQUMsVUFBVSxDQUFDLGFBQWEsRUFBRSxNQUFNLENBQUMsQ0FBQztZQUNoRCxLQUFLLFFBQVE7Z0JBQ1gsT0FBTyxJQUFJLENBQUMsWUFBWSxDQUFDLGFBQWEsRUFBRSxNQUFNLENBQUMsQ0FBQztZQUNsRDtnQkFDRSxNQUFNLElBQUksS0FBSyxDQUFDLHVCQUF1QixNQUFNLENBQUMsTUFBTSxFQUFFLENBQUMsQ0FBQztRQUM1RCxDQUFDO0lBQ0gsQ0FBQztJQUVEOztPQUVHO0lBQ0ssTUFBTSxDQUFDLFdBQVcsQ0FBQyxNQUFjO1FBQ3ZDLE9BQU87WUFDTCxhQUFhLEVBQUUsTUFBTSxDQUFDLFdBQVcsQ0FBQyxDQUFDLENBQUM7WUFDcEMsU0FBUyxFQUFFLE1BQU0sQ0FBQyxXQUFXLENBQUMsQ0FBQyxDQUFDO1lBQ2hDLFVBQVUsRUFBRSxNQUFNLENBQUMsV0FBVyxDQUFDLENBQUMsQ0FBQztZQUNqQyxNQUFNLEVBQUUsTUFBTSxDQUFDLFdBQVcsQ0FBQyxFQUFFLENBQUM7U0FDL0IsQ0FBQztJQUNKLENBQUM7SUFFRDs7T0FFRztJQUNLLE1BQU0sQ0FBQyxVQUFVLENBQUMsTUFBYyxFQUFFLE1BQXNCO1FBQzlELElBQUksTUFBTSxHQUFHLEVBQUUsQ0FBQyxDQUFDLGNBQWM7UUFFL0IsTUFBTSxRQUFRLEdBQUcsTUFBTSxDQUFDLFlBQVksQ0FBQyxNQUFNLENBQUMsQ0FBQztRQUM3QyxNQUFNLElBQUksQ0FBQyxDQUFDO1FBRVosTUFBTSxRQUFRLEdBQW9CLEVBQUUsQ0FBQztRQUNyQyxNQUFNLGlCQUFpQixHQUFHLElBQUksR0FBRyxFQUFtQyxDQUFDO1FBRXJFLHNEQUFzRDtRQUN0RCxNQUFNLFVBQVUsR0FBRyxDQUFDLFFBQVEsR0FBRyx5QkFBeUIsQ0FBQztZQUN2RCxDQUFDLENBQUMsTUFBTSxDQUFDLGFBQWEsR0FBRyxDQUFDO1lBQzFCLENBQUMsQ0FBQyxNQUFNLENBQUMsYUFBYSxDQUFDO1FBRXpCLE9BQU8sTUFBTSxHQUFHLFVBQVUsRUFBRSxDQUFDO1lBQzNCLE1BQU0sV0FBVyxHQUFHLE1BQU0sQ0FBQyxTQUFTLENBQUMsTUFBTSxDQUFDLENBQUM7WUFDN0MsTUFBTSxJQUFJLENBQUMsQ0FBQztZQUVaLElBQUksV0FBVyxLQUFLLFlBQVksRUFBRSxDQUFDO2dCQUNqQyx1QkFBdUI7Z0JBQ3ZCLE1BQU0sT0FBTyxHQUFHLE1BQU0sQ0FBQyxXQUFXLENBQUMsTUFBTSxDQUFDLENBQUM7Z0JBQzNDLE1BQU0sU0FBUyxHQUFHLE1BQU0sQ0FBQyxRQUFRLENBQUMsTUFBTSxFQUFFLE1BQU0sR0FBRyxPQUFPLENBQUMsQ0FBQztnQkFDNUQsTUFBTSxHQUFHLEdBQUcsT0FBTyxDQUFDLElBQUksQ0FBQyxXQUFXLENBQUMsU0FBUyxDQUFDLENBQUM7Z0JBQ2hELFFBQVEsQ0FBQyxJQUFJLENBQUMsRUFBRSxJQUFJLEVBQUUsWUFBWSxFQUFFLE9BQU8sRUFBRSxHQUFHLEVBQUUsQ0FBQyxDQUFDO2dCQUNwRCxNQUFNLElBQUksT0FBTyxDQUFDO1lBQ3BCLENBQUM7aUJBQU0sSUFBSSxXQUFXLEtBQUsseUJBQXlCLEVBQUUsQ0FBQztnQkFDckQsb0JBQW9CO2dCQUNwQixNQUFNLFdBQVcsR0FBRyxNQUFNLENBQUMsV0FBVyxDQUFDLE1BQU0sQ0FBQyxDQUFDO2dCQUMvQyxNQUFNLFVBQVUsR0FBRyxNQUFNLEdBQUcsV0FBVyxDQUFDO2dCQUN4QyxNQUFNLElBQUksQ0FBQyxDQUFDO2dCQUVaLHNDQUFzQztnQkFDdEMsSUFBSSxhQUFhLEdBQUcsTUFBTSxDQUFDO2dCQUMzQixPQUFPLE1BQU0sQ0FBQyxhQUFhLENBQUMsS0FBSyxDQUFDLElBQUksYUFBYSxHQUFHLFVBQVUsRUFBRSxDQUFDO29CQUNqRSxhQUFhLEVBQUUsQ0FBQztnQkFDbEIsQ0FBQztnQkFDRCxNQUFNLFVBQVUsR0FBRyxNQUFNLENBQUMsUUFBUSxDQUFDLE1BQU0sRUFBRSxhQUFhLENBQUMsQ0FBQyxRQUFRLENBQUMsTUFBTSxDQUFDLENBQUM7Z0JBQzNFLE1BQU0sR0FBRyxhQUFhLEdBQUcsQ0FBQyxDQUFDLENBQUMsdUJBQXVCO2dCQUVuRCxpQkFBaUI7Z0JBQ2pCLE1BQU0sU0FBUyxHQUE0QixFQUFFLENBQUM7Z0JBQzlDLE9BQU8sTUFBTSxHQUFHLFVBQVUsRUFBRSxDQUFDO29CQUMzQixNQUFNLE9BQU8sR0FBRyxNQUFNLENBQUMsV0FBVyxDQUFDLE1BQU0sQ0FBQyxDQUFDO29CQUMzQyxNQUFNLFNBQVMsR0FBRyxNQUFNLENBQUMsUUFBUSxDQUFDLE1BQU0sRUFBRSxNQUFNLEdBQUcsT0FBTyxDQUFDLENBQUM7b0JBQzVELFNBQVMsQ0FBQyxJQUFJLENBQUMsT0FBTyxDQUFDLElBQUksQ0FBQyxXQUFXLENBQUMsU0FBUyxDQUFDLENBQUMsQ0FBQztvQkFDcEQsTUFBTSxJQUFJLE9BQU8sQ0FBQztnQkFDcEIsQ0FBQztnQkFFRCxRQUFRLENBQUMsSUFBSSxDQUFDO29CQUNaLElBQUksRUFBRSx5QkFBeUI7b0JBQy9CLE9BQU8sRUFBRSxFQUFFO29CQUNYLGtCQUFrQixFQUFFLFVBQVU7b0JBQzlCLFNBQVM7aUJBQ1YsQ0FBQyxDQUFDO2dCQUNILGlCQUFpQixDQUFDLEdBQUcsQ0FBQyxVQUFVLEVBQUUsU0FBUyxDQUFDLENBQUM7WUFDL0MsQ0FBQztpQkFBTSxDQUFDO2dCQUNOLE1BQU0sSUFBSSxLQUFLLENBQUMseUJBQXlCLFdBQVcsRUFBRSxDQUFDLENBQUM7WUFDMUQsQ0FBQztRQUNILENBQUM7UUFFRCw4Q0FBOEM7UUFDOUMsTUFBTSxjQUFjLEdBQUcsUUFBUSxDQUFDLElBQUksQ0FBQyxDQUFDLENBQUMsRUFBRSxDQUFDLENBQUMsQ0FBQyxJQUFJLEtBQUssWUFBWSxDQUFDLENBQUM7UUFDbkUsSUFBSSxDQUFDLGNBQWMsRUFBRSxDQUFDO1lBQ3BCLE1BQU0sSUFBSSxLQUFLLENBQUMscUNBQXFDLENBQUMsQ0FBQztRQUN6RCxDQUFDO1FBRUQsTUFBTSxPQUFPLEdBQUcsY0FBYyxDQUFDLE9BQU8sQ0FBQztRQUN2QyxNQUFNLFdBQVcsR0FBRyxNQUFNLENBQUMsSUFBSSxDQUFDLE9BQU8sQ0FBQyxDQUFDLENBQUMsQ0FBQyxDQUFDO1FBQzVDLE1BQU0sUUFBUSxHQUFHLE9BQU8sQ0FBQyxHQUFHLElBQUksT0FBTyxDQUFDO1FBRXhDLE9BQU87WUFDTCxPQUFPLEVBQUU7Z0JBQ1AsV0FBVztnQkFDWCxPQUFPO2dCQUNQLFFBQVE7Z0JBQ1IsU0FBUyxFQUFFLE1BQU0sQ0FBQyxTQUFTO2dCQUMzQixNQUFNLEVBQUUsTUFBTSxDQUFDLE1BQU07Z0JBQ3JCLGlCQUFpQixFQUFFLGlCQUFpQixDQUFDLElBQUksR0FBRyxDQUFDLENBQUMsQ0FBQyxDQUFDLGlCQUFpQixDQUFDLENBQUMsQ0FBQyxTQUFTO2FBQzlFO1lBQ0QsYUFBYSxFQUFFLE1BQU0sQ0FBQyxhQUFhO1NBQ3BDLENBQUM7SUFDSixDQUFDO0lBRUQ7O09BRUc7SUFDSyxNQUFNLENBQUMsWUFBWSxDQUFDLE1BQWMsRUFBRSxNQUFzQjtRQUNoRSxJQUFJLE1BQU0sR0FBRyxFQUFFLENBQUMsQ0FBQyxjQUFjO1FBRS9CLE1BQU0sS0FBSyxHQUFHLE1BQU0sQ0FBQyxXQUFXLENBQUMsTUFBTSxDQUFDLENBQUM7UUFDekMsTUFBTSxJQUFJLENBQUMsQ0FBQztRQUVaLHVDQUF1QztRQUN2QyxJQUFJLE9BQU8sR0FBRyxNQUFNLENBQUM7UUFDckIsT0FBTyxNQUFNLENBQUMsT0FBTyxDQUFDLEtBQUssQ0FBQyxJQUFJLE9BQU8sR0FBRyxNQUFNLENBQUMsTUFBTSxFQUFFLENBQUM7WUFDeEQsT0FBTyxFQUFFLENBQUM7UUFDWixDQUFDO1FBQ0QsTUFBTSxrQkFBa0IsR0FBRyxNQUFNLENBQUMsUUFBUSxDQUFDLE1BQU0sRUFBRSxPQUFPLENBQUMsQ0FBQyxRQUFRLENBQUMsTUFBTSxDQUFDLENBQUM7UUFDN0UsTUFBTSxHQUFHLE9BQU8sR0FBRyxDQUFDLENBQUM7UUFFckIsTUFBTSxZQUFZLEdBQUcsTUFBTSxDQUFDLFdBQVcsQ0FBQyxNQUFNLENBQUMsQ0FBQztRQUNoRCxNQUFNLElBQUksQ0FBQyxDQUFDO1FBRVosTUFBTSxjQUFjLEdBQUcsTUFBTSxDQUFDLFdBQVcsQ0FBQyxNQUFNLENBQUMsQ0FBQztRQUNsRCxNQUFNLElBQUksQ0FBQyxDQUFDO1FBRVosc0JBQXNCO1FBQ3RCLE1BQU0sU0FBUyxHQUFHLE1BQU0sQ0FBQyxXQUFXLENBQUMsTUFBTSxDQUFDLENBQUM7UUFDN0MsTUFBTSxXQUFXLEdBQUcsTUFBTSxDQUFDLFFBQVEsQ0FBQyxNQUFNLEVBQUUsTUFBTSxHQUFHLFNBQVMsQ0FBQyxDQUFDO1FBQ2hFLE1BQU0sS0FBSyxHQUFHLE9BQU8sQ0FBQyxJQUFJLENBQUMsV0FBVyxDQUFDLFdBQVcsQ0FBQyxDQUFDO1FBQ3BELE1BQU0sSUFBSSxTQUFTLENBQUM7UUFFcEIsdUZBQXVGO1FBQ3ZGLE1BQU0sS0FBSyxHQUFHLGtCQUFrQixDQUFDLEtBQUssQ0FBQyxHQUFHLENBQUMsQ0FBQztRQUM1QyxNQUFNLFFBQVEsR0FBRyxLQUFLLENBQUMsQ0FBQyxDQUFDLENBQUM7UUFFMUIsa0RBQWtEO1FBQ2xELElBQUksV0FBVyxHQUFHLE1BQU0sQ0FBQztRQUN6QixJQUFJLE9BQU8sR0FBRyxLQUFLLENBQUM7UUFFcEIsSUFBSSxLQUFLLENBQUMsQ0FBQyxDQUFDLEtBQUssTUFBTSxFQUFFLENBQUM7WUFDeEIsb0JBQW9CO1lBQ3BCLFdBQVcsR0FBRyxNQUFNLENBQUMsSUFBSSxDQUFDLEtBQUssQ0FBQyxDQUFDLENBQUMsQ0FBQyxDQUFDO1lBQ3BDLCtDQUErQztZQUMvQyxJQUFJLFdBQVcsS0FBSyxVQUFVLElBQUksV0FBVyxLQUFLLFVBQVUsRUFBRSxDQUFDO2dCQUM3RCxXQUFXLEdBQUcsT0FBTyxDQUFDO1lBQ3hCLENBQUM7UUFDSCxDQUFDO1FBRUQsT0FBTztZQUNMLE9BQU8sRUFBRTtnQkFDUCxXQUFXO2dCQUNYLE9BQU87Z0JBQ1AsUUFBUTtnQkFDUixTQUFTLEVBQUUsTUFBTSxDQUFDLFNBQVM7Z0JBQzNCLE1BQU0sRUFBRSxNQUFNLENBQUMsTUFBTTthQUN0QjtZQUNELGFBQWEsRUFBRSxNQUFNLENBQUMsYUFBYTtTQUNwQyxDQUFDO0lBQ0osQ0FBQztJQUVEOztPQUVHO0lBQ0gsTUFBTSxDQUFDLG1CQUFtQixDQUN4QixVQUFrQixFQUNsQixRQUErQixFQUMvQixZQUFvQixJQUFJLENBQUMsS0FBSyxDQUFDLElBQUksQ0FBQyxNQUFNLEVBQUUsR0FBRyxVQUFVLENBQUM7UUFFMUQsZ0RBQWdEO1FBQ2hELE1BQU0sV0FBVyxHQUFHLEVBQUUsR0FBRyxRQUFRLEVBQUUsQ0FBQztRQUVwQyxrQ0FBa0M7UUFDbEMsTUFBTSxRQUFRLEdBQUcsT0FBTyxDQUFDLElBQUksQ0FBQyxTQUFTLENBQUMsV0FBVyxDQUFDLENBQUM7UUFFckQsMkJBQTJCO1FBQzNCLDREQUE0RDtRQUM1RCxNQUFNLGFBQWEsR0FBRyxFQUFFLEdBQUcsQ0FBQyxHQUFHLENBQUMsR0FBRyxRQUFRLENBQUMsTUFBTSxDQUFDO1FBRW5ELE1BQU0sTUFBTSxHQUFHLE1BQU0sQ0FBQyxLQUFLLENBQUMsYUFBYSxDQUFDLENBQUM7UUFDM0MsSUFBSSxNQUFNLEdBQUcsQ0FBQyxDQUFDO1FBRWYsZUFBZTtRQUNmLE1BQU0sQ0FBQyxZQUFZLENBQUMsYUFBYSxFQUFFLE1BQU0sQ0FBQyxDQUFDLENBQUssZ0JBQWdCO1FBQ2hFLE1BQU0sSUFBSSxDQUFDLENBQUM7UUFDWixNQUFNLENBQUMsWUFBWSxDQUFDLFNBQVMsRUFBRSxNQUFNLENBQUMsQ0FBQyxDQUFTLFlBQVk7UUFDNUQsTUFBTSxJQUFJLENBQUMsQ0FBQztRQUNaLE1BQU0sQ0FBQyxZQUFZLENBQUMsVUFBVSxFQUFFLE1BQU0sQ0FBQyxDQUFDLENBQVEsYUFBYTtRQUM3RCxNQUFNLElBQUksQ0FBQyxDQUFDO1FBQ1osTUFBTSxDQUFDLFlBQVksQ0FBQyxNQUFNLEVBQUUsTUFBTSxDQUFDLENBQUMsQ0FBWSxTQUFTO1FBQ3pELE1BQU0sSUFBSSxDQUFDLENBQUM7UUFFWixnQ0FBZ0M7UUFDaEMsTUFBTSxDQUFDLGFBQWEsQ0FBQyxDQUFDLEVBQUUsTUFBTSxDQUFDLENBQUM7UUFDaEMsTUFBTSxJQUFJLENBQUMsQ0FBQztRQUVaLDhCQUE4QjtRQUM5QixNQUFNLENBQUMsVUFBVSxDQUFDLFlBQVksRUFBRSxNQUFNLENBQUMsQ0FBQztRQUN4QyxNQUFNLElBQUksQ0FBQyxDQUFDO1FBRVosa0JBQWtCO1FBQ2xCLE1BQU0sQ0FBQyxJQUFJLENBQUMsUUFBUSxDQUFDLENBQUMsSUFBSSxDQUFDLE1BQU0sRUFBRSxNQUFNLENBQUMsQ0FBQztRQUUzQyxPQUFPLE1BQU0sQ0FBQztJQUNoQixDQUFDO0lBRUQ7O09BRUc7SUFDSCxNQUFNLENBQUMscUJBQXFCLENBQzFCLFVBQWtCLEVBQ2xCLFNBQWtDLEVBQ2xDLFlBQW9CLElBQUksQ0FBQyxLQUFLLENBQUMsSUFBSSxDQUFDLE1BQU0sRUFBRSxHQUFHLFVBQVUsQ0FBQyxFQUMxRCxXQUFtQixNQUFNLENBQUMsQ0FBQyxDQUFDO1FBRTVCLDBCQUEwQjtRQUMxQixNQUFNLFVBQVUsR0FBRyxTQUFTLENBQUMsR0FBRyxDQUFDLEdBQUcsQ0FBQyxFQUFFLENBQUMsT0FBTyxDQUFDLElBQUksQ0FBQyxTQUFTLENBQUMsR0FBRyxDQUFDLENBQUMsQ0FBQztRQUNyRSxNQUFNLGFBQWEsR0FBRyxVQUFVLENBQUMsTUFBTSxDQUFDLENBQUMsR0FBRyxFQUFFLEdBQUcsRUFBRSxFQUFFLENBQUMsR0FBRyxHQUFHLEdBQUcsQ0FBQyxNQUFNLEVBQUUsQ0FBQyxDQUFDLENBQUM7UUFFM0Usa0JBQWtCO1FBQ2xCLHFHQUFxRztRQUNyRyxNQUFNLGFBQWEsR0FBRyxFQUFFLEdBQUcsQ0FBQyxHQUFHLENBQUMsR0FBRyxDQUFDLEdBQUcsQ0FBQyxHQUFHLGFBQWEsQ0FBQztRQUV6RCxNQUFNLE1BQU0sR0FBRyxNQUFNLENBQUMsS0FBSyxDQUFDLGFBQWEsQ0FBQyxDQUFDO1FBQzNDLElBQUksTUFBTSxHQUFHLENBQUMsQ0FBQztRQUVmLGVBQWU7UUFDZixNQUFNLENBQUMsWUFBWSxDQUFDLGFBQWEsRUFBRSxNQUFNLENBQUMsQ0FBQyxDQUFLLGdCQUFnQjtRQUNoRSxNQUFNLElBQUksQ0FBQyxDQUFDO1FBQ1osTUFBTSxDQUFDLFlBQVksQ0FBQyxTQUFTLEVBQUUsTUFBTSxDQUFDLENBQUMsQ0FBUyxZQUFZO1FBQzVELE1BQU0sSUFBSSxDQUFDLENBQUM7UUFDWixNQUFNLENBQUMsWUFBWSxDQUFDLFVBQVUsRUFBRSxNQUFNLENBQUMsQ0FBQyxDQUFRLGFBQWE7UUFDN0QsTUFBTSxJQUFJLENBQUMsQ0FBQztRQUNaLE1BQU0sQ0FBQyxZQUFZLENBQUMsUUFBUSxFQUFFLE1BQU0sQ0FBQyxDQUFDLENBQVUsU0FBUztRQUN6RCxNQUFNLElBQUksQ0FBQyxDQUFDO1FBRVosd0JBQXdCO1FBQ3hCLE1BQU0sQ0FBQyxZQUFZLENBQUMsQ0FBQyxFQUFFLE1BQU0sQ0FBQyxDQUFDLENBQWlCLGdDQUFnQztRQUNoRixNQUFNLElBQUksQ0FBQyxDQUFDO1FBQ1osTUFBTSxDQUFDLGVBQWUsQ0FBQyxRQUFRLEVBQUUsTUFBTSxDQUFDLENBQUMsQ0FBTyxXQUFXO1FBQzNELE1BQU0sSUFBSSxDQUFDLENBQUM7UUFDWixNQUFNLENBQUMsWUFBWSxDQUFDLENBQUMsRUFBRSxNQUFNLENBQUMsQ0FBQyxDQUFpQixlQUFlO1FBQy9ELE1BQU0sSUFBSSxDQUFDLENBQUM7UUFDWixNQUFNLENBQUMsWUFBWSxDQUFDLFNBQVMsQ0FBQyxNQUFNLEVBQUUsTUFBTSxDQUFDLENBQUMsQ0FBRSxpQkFBaUI7UUFDakUsTUFBTSxJQUFJLENBQUMsQ0FBQztRQUVaLGtCQUFrQjtRQUNsQixLQUFLLE1BQU0sU0FBUyxJQUFJLFVBQVUsRUFBRSxDQUFDO1lBQ25DLE1BQU0sQ0FBQyxJQUFJLENBQUMsU0FBUyxDQUFDLENBQUMsSUFBSSxDQUFDLE1BQU0sRUFBRSxNQUFNLENBQUMsQ0FBQztZQUM1QyxNQUFNLElBQUksU0FBUyxDQUFDLE1BQU0sQ0FBQztRQUM3QixDQUFDO1FBRUQsT0FBTyxNQUFNLENBQUM7SUFDaEIsQ0FBQztJQUVEOztPQUVHO0lBQ0gsTUFBTSxDQUFDLG1CQUFtQixDQUN4QixVQUFrQixFQUNsQixTQUFpQixFQUNqQixZQUFvQixFQUNwQixXQUFvQjtRQUVwQixNQUFNLFFBQVEsR0FBMEI7WUFDdEMsRUFBRSxFQUFFLENBQUM7WUFDTCxNQUFNLEVBQUUsWUFBWTtZQUNwQixJQUFJLEVBQUUsU0FBUztZQUNmLFFBQVEsRUFBRSxJQUFJLENBQUMsZ0JBQWdCLENBQUMsU0FBUyxDQUFDO1NBQzNDLENBQUM7UUFFRixPQUFPLElBQUksQ0FBQyxtQkFBbUIsQ0FBQyxVQUFVLEVBQUUsUUFBUSxDQUFDLENBQUM7SUFDeEQsQ0FBQztJQUVEOztPQUVHO0lBQ0ssTUFBTSxDQUFDLGdCQUFnQixDQUFDLElBQVk7UUFDMUMsTUFBTSxVQUFVLEdBQTJCO1lBQ3pDLENBQUMsRUFBRSxJQUFJO1lBQ1AsQ0FBQyxFQUFFLGVBQWU7WUFDbEIsQ0FBQyxFQUFFLFVBQVU7WUFDYixLQUFLLEVBQUUsY0FBYztZQUNyQixLQUFLLEVBQUUsbUJBQW1CO1lBQzFCLEVBQUUsRUFBRSxjQUFjO1lBQ2xCLEVBQUUsRUFBRSxtQkFBbUI7WUFDdkIsRUFBRSxFQUFFLGVBQWU7WUFDbkIsRUFBRSxFQUFFLGlCQUFpQjtZQUNyQixFQUFFLEVBQUUsaUJBQWlCO1lBQ3JCLEVBQUUsRUFBRSxnQkFBZ0I7WUFDcEIsRUFBRSxFQUFFLGtCQUFrQjtZQUN0QixFQUFFLEVBQUUsc0JBQXNCO1lBQzFCLEdBQUcsRUFBRSxlQUFlO1lBQ3BCLEdBQUcsRUFBRSwyQkFBMkI7WUFDaEMsR0FBRyxFQUFFLGFBQWE7WUFDbEIsR0FBRyxFQUFFLG1CQUFtQjtTQUN6QixDQUFDO1FBRUYsT0FBTyxVQUFVLENBQUMsSUFBSSxDQUFDLElBQUksY0FBYyxDQUFDO0lBQzVDLENBQUM7Q0FDRiJ9