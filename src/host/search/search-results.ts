// The last search's results, which the Search Results view lists: kept here so that a command
// sets them and the view reads them without either importing the other.
import * as vscode from 'vscode';
import type { SearchHit } from '../../search/protocol';

export interface ResultList {
  /** What was searched for: the query, or "similar to src/a.ts:3–9". */
  title: string;
  /** The folder the hits' paths are relative to. */
  root: string;
  /** How they were ranked, in words (hit-text.ts describeRanking). */
  ranking: string;
  hits: SearchHit[];
}

export class SearchResults implements vscode.Disposable {
  private list: ResultList | undefined;
  private readonly emitter = new vscode.EventEmitter<ResultList>();
  readonly onDidChange = this.emitter.event;

  get latest(): ResultList | undefined {
    return this.list;
  }

  show(list: ResultList): void {
    this.list = list;
    this.emitter.fire(list);
  }

  dispose(): void {
    this.emitter.dispose();
  }
}
