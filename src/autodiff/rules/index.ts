/** Importing this module registers every gradient rule. */
import './elementwise';
import './linalg';
import './reduce';
import './layout';
import './indexing';
import './nn';
