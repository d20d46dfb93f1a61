// bpmn-moddle ships types for its model (bpmn-moddle/types) but none for its entry point: the part
// of its API the generator and the tests use.
declare module 'bpmn-moddle' {
  export interface ModdleElement {
    $type: string;
    id?: string;
    name?: string;
    [key: string]: unknown;
    get(name: string): unknown;
    set(name: string, value: unknown): void;
  }
  export interface ParseResult {
    rootElement: ModdleElement;
    references: unknown[];
    warnings: { message: string; element?: unknown; property?: string; value?: unknown; error?: Error }[];
    elementsById: Record<string, ModdleElement>;
  }
  export class BpmnModdle {
    constructor(packages?: Record<string, unknown>, options?: Record<string, unknown>);
    create(type: string, attrs?: Record<string, unknown>): ModdleElement;
    toXML(element: ModdleElement, options?: { format?: boolean; preamble?: boolean }): Promise<{ xml: string }>;
    fromXML(xml: string, typeName?: string, options?: Record<string, unknown>): Promise<ParseResult>;
  }
}
