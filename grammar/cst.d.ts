// Generated from grammar/parser.ts by @chevrotain/cst-dts-gen: do not edit.
// Regenerate with `npm run build && npm run cst-dts`.
import type { CstNode, ICstVisitor, IToken } from 'chevrotain';

export interface ConfigFileCstNode extends CstNode {
  name: 'configFile';
  children: ConfigFileCstChildren;
}

export type ConfigFileCstChildren = {
  item?: ItemCstNode[];
};

export interface ItemCstNode extends CstNode {
  name: 'item';
  children: ItemCstChildren;
}

export type ItemCstChildren = {
  Annotation?: IToken[];
  statement?: StatementCstNode[];
};

export interface StatementCstNode extends CstNode {
  name: 'statement';
  children: StatementCstChildren;
}

export type StatementCstChildren = {
  Prefix?: IToken[];
  argument: ArgumentCstNode[];
  Semi?: IToken[];
  block?: BlockCstNode[];
};

export interface BlockCstNode extends CstNode {
  name: 'block';
  children: BlockCstChildren;
}

export type BlockCstChildren = {
  LBrace: IToken[];
  item?: ItemCstNode[];
  RBrace: IToken[];
};

export interface ArgumentCstNode extends CstNode {
  name: 'argument';
  children: ArgumentCstChildren;
}

export type ArgumentCstChildren = {
  Word?: IToken[];
  QString?: IToken[];
  valueList?: ValueListCstNode[];
};

export interface ValueListCstNode extends CstNode {
  name: 'valueList';
  children: ValueListCstChildren;
}

export type ValueListCstChildren = {
  LBracket: IToken[];
  Word?: IToken[];
  QString?: IToken[];
  RBracket: IToken[];
};

export interface CommandLineCstNode extends CstNode {
  name: 'commandLine';
  children: CommandLineCstChildren;
}

export type CommandLineCstChildren = {
  Verb: IToken[];
  argument?: ArgumentCstNode[];
};

export interface ICstNodeVisitor<IN, OUT> extends ICstVisitor<IN, OUT> {
  configFile(children: ConfigFileCstChildren, param?: IN): OUT;
  item(children: ItemCstChildren, param?: IN): OUT;
  statement(children: StatementCstChildren, param?: IN): OUT;
  block(children: BlockCstChildren, param?: IN): OUT;
  argument(children: ArgumentCstChildren, param?: IN): OUT;
  valueList(children: ValueListCstChildren, param?: IN): OUT;
  commandLine(children: CommandLineCstChildren, param?: IN): OUT;
}
