import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

type Props = { id: string; label: string; description: React.ReactNode; children: React.ReactNode };

/**
 * One event type on the Event catalog, member or operational: a region named by its label, with
 * the type's id as anchor (the API reference links to `#points.earned`). `min-w-0` lets it narrow
 * to a phone's width in the catalog's grid; its tabs and code then scroll inside it.
 */
export function CatalogCard({ id, label, description, children }: Props) {
  return (
    <Card id={id} role="region" aria-labelledby={`${id}-title`} className="min-w-0">
      <CardHeader>
        <CardTitle id={`${id}-title`} className="flex flex-wrap items-center gap-2">
          {label} <Badge variant="outline" className="font-mono">{id}</Badge>
        </CardTitle>
        <CardDescription>{description}</CardDescription>
      </CardHeader>
      <CardContent>{children}</CardContent>
    </Card>
  );
}
