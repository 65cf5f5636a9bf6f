/**
 * Base error class for all CongoDB errors
 * Mirrors MongoDB driver error hierarchy
 */
export class CongoError extends Error {
    code;
    codeName;
    constructor(message, code, codeName) {
        super(message);
        this.name = 'CongoError';
        this.code = code;
        this.codeName = codeName;
        Object.setPrototypeOf(this, new.target.prototype);
    }
}
/**
 * Error thrown during connection issues
 */
export class CongoConnectionError extends CongoError {
    constructor(message) {
        super(message);
        this.name = 'CongoConnectionError';
    }
}
/**
 * Error thrown when an operation times out
 */
export class CongoTimeoutError extends CongoError {
    constructor(message) {
        super(message, 50, 'MaxTimeMSExpired');
        this.name = 'CongoTimeoutError';
    }
}
/**
 * Error thrown during write operations
 */
export class CongoWriteError extends CongoError {
    writeErrors;
    result;
    constructor(message, code, writeErrors) {
        super(message, code);
        this.name = 'CongoWriteError';
        this.writeErrors = writeErrors;
    }
}
/**
 * Error thrown for duplicate key violations
 */
export class CongoDuplicateKeyError extends CongoWriteError {
    keyPattern;
    keyValue;
    constructor(message, keyPattern, keyValue) {
        super(message, 11000);
        this.name = 'CongoDuplicateKeyError';
        this.codeName = 'DuplicateKey';
        this.keyPattern = keyPattern;
        this.keyValue = keyValue;
    }
}
/**
 * Error thrown for bulk write failures
 */
export class CongoBulkWriteError extends CongoError {
    writeErrors;
    result;
    constructor(message, writeErrors, result) {
        super(message, 65);
        this.name = 'CongoBulkWriteError';
        this.writeErrors = writeErrors;
        this.result = result;
    }
}
/**
 * Error thrown during transaction operations
 */
export class CongoTransactionError extends CongoError {
    constructor(message, code) {
        super(message, code);
        this.name = 'CongoTransactionError';
    }
}
/**
 * Error thrown when a transaction is aborted due to conflict
 */
export class CongoWriteConflictError extends CongoTransactionError {
    constructor(message = 'Write conflict during transaction') {
        super(message, 112);
        this.name = 'CongoWriteConflictError';
        this.codeName = 'WriteConflict';
    }
}
/**
 * Error thrown for invalid arguments
 */
export class CongoArgumentError extends CongoError {
    constructor(message) {
        super(message);
        this.name = 'CongoArgumentError';
    }
}
/**
 * Error thrown when an operation is not supported
 */
export class CongoNotSupportedError extends CongoError {
    constructor(message) {
        super(message, 115);
        this.name = 'CongoNotSupportedError';
        this.codeName = 'CommandNotSupported';
    }
}
/**
 * Error thrown when cursor is exhausted or closed
 */
export class CongoCursorError extends CongoError {
    constructor(message) {
        super(message);
        this.name = 'CongoCursorError';
    }
}
/**
 * Error thrown when a namespace (database.collection) is invalid
 */
export class CongoNamespaceError extends CongoError {
    constructor(message) {
        super(message, 73);
        this.name = 'CongoNamespaceError';
        this.codeName = 'InvalidNamespace';
    }
}
/**
 * Error thrown when an index operation fails
 */
export class CongoIndexError extends CongoError {
    constructor(message, code) {
        super(message, code || 86);
        this.name = 'CongoIndexError';
    }
}
/**
 * Convert any error to a CongoError
 */
export function toCongoError(error) {
    if (error instanceof CongoError) {
        return error;
    }
    const congoError = new CongoError(error.message || String(error));
    if (error.code) {
        congoError.code = error.code;
    }
    if (error.codeName) {
        congoError.codeName = error.codeName;
    }
    return congoError;
}
//# sourceMappingURL=data:application/json;base64,eyJ2ZXJzaW9uIjozLCJmaWxlIjoiQ29uZ29FcnJvcnMuanMiLCJzb3VyY2VSb290IjoiIiwic291cmNlcyI6WyIuLi8uLi8uLi90cy9jb25nb2RiL2Vycm9ycy9Db25nb0Vycm9ycy50cyJdLCJuYW1lcyI6W10sIm1hcHBpbmdzIjoiQUFBQTs7O0dBR0c7QUFDSCxNQUFNLE9BQU8sVUFBVyxTQUFRLEtBQUs7SUFDNUIsSUFBSSxDQUFVO0lBQ2QsUUFBUSxDQUFVO0lBRXpCLFlBQVksT0FBZSxFQUFFLElBQWEsRUFBRSxRQUFpQjtRQUMzRCxLQUFLLENBQUMsT0FBTyxDQUFDLENBQUM7UUFDZixJQUFJLENBQUMsSUFBSSxHQUFHLFlBQVksQ0FBQztRQUN6QixJQUFJLENBQUMsSUFBSSxHQUFHLElBQUksQ0FBQztRQUNqQixJQUFJLENBQUMsUUFBUSxHQUFHLFFBQVEsQ0FBQztRQUN6QixNQUFNLENBQUMsY0FBYyxDQUFDLElBQUksRUFBRSxHQUFHLENBQUMsTUFBTSxDQUFDLFNBQVMsQ0FBQyxDQUFDO0lBQ3BELENBQUM7Q0FDRjtBQUVEOztHQUVHO0FBQ0gsTUFBTSxPQUFPLG9CQUFxQixTQUFRLFVBQVU7SUFDbEQsWUFBWSxPQUFlO1FBQ3pCLEtBQUssQ0FBQyxPQUFPLENBQUMsQ0FBQztRQUNmLElBQUksQ0FBQyxJQUFJLEdBQUcsc0JBQXNCLENBQUM7SUFDckMsQ0FBQztDQUNGO0FBRUQ7O0dBRUc7QUFDSCxNQUFNLE9BQU8saUJBQWtCLFNBQVEsVUFBVTtJQUMvQyxZQUFZLE9BQWU7UUFDekIsS0FBSyxDQUFDLE9BQU8sRUFBRSxFQUFFLEVBQUUsa0JBQWtCLENBQUMsQ0FBQztRQUN2QyxJQUFJLENBQUMsSUFBSSxHQUFHLG1CQUFtQixDQUFDO0lBQ2xDLENBQUM7Q0FDRjtBQUVEOztHQUVHO0FBQ0gsTUFBTSxPQUFPLGVBQWdCLFNBQVEsVUFBVTtJQUN0QyxXQUFXLENBQWlCO0lBQzVCLE1BQU0sQ0FBTztJQUVwQixZQUFZLE9BQWUsRUFBRSxJQUFhLEVBQUUsV0FBMkI7UUFDckUsS0FBSyxDQUFDLE9BQU8sRUFBRSxJQUFJLENBQUMsQ0FBQztRQUNyQixJQUFJLENBQUMsSUFBSSxHQUFHLGlCQUFpQixDQUFDO1FBQzlCLElBQUksQ0FBQyxXQUFXLEdBQUcsV0FBVyxDQUFDO0lBQ2pDLENBQUM7Q0FDRjtBQUVEOztHQUVHO0FBQ0gsTUFBTSxPQUFPLHNCQUF1QixTQUFRLGVBQWU7SUFDbEQsVUFBVSxDQUFxQjtJQUMvQixRQUFRLENBQXVCO0lBRXRDLFlBQVksT0FBZSxFQUFFLFVBQThCLEVBQUUsUUFBOEI7UUFDekYsS0FBSyxDQUFDLE9BQU8sRUFBRSxLQUFLLENBQUMsQ0FBQztRQUN0QixJQUFJLENBQUMsSUFBSSxHQUFHLHdCQUF3QixDQUFDO1FBQ3JDLElBQUksQ0FBQyxRQUFRLEdBQUcsY0FBYyxDQUFDO1FBQy9CLElBQUksQ0FBQyxVQUFVLEdBQUcsVUFBVSxDQUFDO1FBQzdCLElBQUksQ0FBQyxRQUFRLEdBQUcsUUFBUSxDQUFDO0lBQzNCLENBQUM7Q0FDRjtBQUVEOztHQUVHO0FBQ0gsTUFBTSxPQUFPLG1CQUFvQixTQUFRLFVBQVU7SUFDMUMsV0FBVyxDQUFnQjtJQUMzQixNQUFNLENBQU07SUFFbkIsWUFBWSxPQUFlLEVBQUUsV0FBMEIsRUFBRSxNQUFXO1FBQ2xFLEtBQUssQ0FBQyxPQUFPLEVBQUUsRUFBRSxDQUFDLENBQUM7UUFDbkIsSUFBSSxDQUFDLElBQUksR0FBRyxxQkFBcUIsQ0FBQztRQUNsQyxJQUFJLENBQUMsV0FBVyxHQUFHLFdBQVcsQ0FBQztRQUMvQixJQUFJLENBQUMsTUFBTSxHQUFHLE1BQU0sQ0FBQztJQUN2QixDQUFDO0NBQ0Y7QUFFRDs7R0FFRztBQUNILE1BQU0sT0FBTyxxQkFBc0IsU0FBUSxVQUFVO0lBQ25ELFlBQVksT0FBZSxFQUFFLElBQWE7UUFDeEMsS0FBSyxDQUFDLE9BQU8sRUFBRSxJQUFJLENBQUMsQ0FBQztRQUNyQixJQUFJLENBQUMsSUFBSSxHQUFHLHVCQUF1QixDQUFDO0lBQ3RDLENBQUM7Q0FDRjtBQUVEOztHQUVHO0FBQ0gsTUFBTSxPQUFPLHVCQUF3QixTQUFRLHFCQUFxQjtJQUNoRSxZQUFZLFVBQWtCLG1DQUFtQztRQUMvRCxLQUFLLENBQUMsT0FBTyxFQUFFLEdBQUcsQ0FBQyxDQUFDO1FBQ3BCLElBQUksQ0FBQyxJQUFJLEdBQUcseUJBQXlCLENBQUM7UUFDdEMsSUFBSSxDQUFDLFFBQVEsR0FBRyxlQUFlLENBQUM7SUFDbEMsQ0FBQztDQUNGO0FBRUQ7O0dBRUc7QUFDSCxNQUFNLE9BQU8sa0JBQW1CLFNBQVEsVUFBVTtJQUNoRCxZQUFZLE9BQWU7UUFDekIsS0FBSyxDQUFDLE9BQU8sQ0FBQyxDQUFDO1FBQ2YsSUFBSSxDQUFDLElBQUksR0FBRyxvQkFBb0IsQ0FBQztJQUNuQyxDQUFDO0NBQ0Y7QUFFRDs7R0FFRztBQUNILE1BQU0sT0FBTyxzQkFBdUIsU0FBUSxVQUFVO0lBQ3BELFlBQVksT0FBZTtRQUN6QixLQUFLLENBQUMsT0FBTyxFQUFFLEdBQUcsQ0FBQyxDQUFDO1FBQ3BCLElBQUksQ0FBQyxJQUFJLEdBQUcsd0JBQXdCLENBQUM7UUFDckMsSUFBSSxDQUFDLFFBQVEsR0FBRyxxQkFBcUIsQ0FBQztJQUN4QyxDQUFDO0NBQ0Y7QUFFRDs7R0FFRztBQUNILE1BQU0sT0FBTyxnQkFBaUIsU0FBUSxVQUFVO0lBQzlDLFlBQVksT0FBZTtRQUN6QixLQUFLLENBQUMsT0FBTyxDQUFDLENBQUM7UUFDZixJQUFJLENBQUMsSUFBSSxHQUFHLGtCQUFrQixDQUFDO0lBQ2pDLENBQUM7Q0FDRjtBQUVEOztHQUVHO0FBQ0gsTUFBTSxPQUFPLG1CQUFvQixTQUFRLFVBQVU7SUFDakQsWUFBWSxPQUFlO1FBQ3pCLEtBQUssQ0FBQyxPQUFPLEVBQUUsRUFBRSxDQUFDLENBQUM7UUFDbkIsSUFBSSxDQUFDLElBQUksR0FBRyxxQkFBcUIsQ0FBQztRQUNsQyxJQUFJLENBQUMsUUFBUSxHQUFHLGtCQUFrQixDQUFDO0lBQ3JDLENBQUM7Q0FDRjtBQUVEOztHQUVHO0FBQ0gsTUFBTSxPQUFPLGVBQWdCLFNBQVEsVUFBVTtJQUM3QyxZQUFZLE9BQWUsRUFBRSxJQUFhO1FBQ3hDLEtBQUssQ0FBQyxPQUFPLEVBQUUsSUFBSSxJQUFJLEVBQUUsQ0FBQyxDQUFDO1FBQzNCLElBQUksQ0FBQyxJQUFJLEdBQUcsaUJBQWlCLENBQUM7SUFDaEMsQ0FBQztDQUNGO0FBWUQ7O0dBRUc7QUFDSCxNQUFNLFVBQVUsWUFBWSxDQUFDLEtBQVU7SUFDckMsSUFBSSxLQUFLLFlBQVksVUFBVSxFQUFFLENBQUM7UUFDaEMsT0FBTyxLQUFLLENBQUM7SUFDZixDQUFDO0lBQ0QsTUFBTSxVQUFVLEdBQUcsSUFBSSxVQUFVLENBQUMsS0FBSyxDQUFDLE9BQU8sSUFBSSxNQUFNLENBQUMsS0FBSyxDQUFDLENBQUMsQ0FBQztJQUNsRSxJQUFJLEtBQUssQ0FBQyxJQUFJLEVBQUUsQ0FBQztRQUNmLFVBQVUsQ0FBQyxJQUFJLEdBQUcsS0FBSyxDQUFDLElBQUksQ0FBQztJQUMvQixDQUFDO0lBQ0QsSUFBSSxLQUFLLENBQUMsUUFBUSxFQUFFLENBQUM7UUFDbkIsVUFBVSxDQUFDLFFBQVEsR0FBRyxLQUFLLENBQUMsUUFBUSxDQUFDO0lBQ3ZDLENBQUM7SUFDRCxPQUFPLFVBQVUsQ0FBQztBQUNwQixDQUFDIn0=