import * as React from "react";

import { Card, CardAction, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

type SectionCardProps = Omit<React.ComponentProps<typeof Card>, "title"> & {
  title: React.ReactNode;
  /** Makes the card a region named by its title, for screen readers and `getByRole("region")`. */
  region?: boolean;
  description?: React.ReactNode;
  descriptionClassName?: string;
  /** A control at the top right, such as a copy button. */
  action?: React.ReactNode;
  contentClassName?: string;
};

/** A card with a title (and a description, an action) above its content: the usual section of a page. */
function SectionCard({
  title,
  region = false,
  description,
  descriptionClassName,
  action,
  contentClassName,
  children,
  ...props
}: SectionCardProps) {
  const id = React.useId();
  const titleId = region ? id : undefined;
  return (
    <Card role={region ? "region" : undefined} aria-labelledby={titleId} {...props}>
      <CardHeader>
        <CardTitle id={titleId}>{title}</CardTitle>
        {description ? <CardDescription className={descriptionClassName}>{description}</CardDescription> : null}
        {action ? <CardAction>{action}</CardAction> : null}
      </CardHeader>
      <CardContent className={contentClassName}>{children}</CardContent>
    </Card>
  );
}

export { SectionCard };
