import * as React from "react";
import { Slot } from "radix-ui";
import { cva, type VariantProps } from "class-variance-authority";

import { cn } from "@/lib/utils";
import { ButtonElement } from "./button-element";

const buttonVariants = cva(
  "inline-flex shrink-0 items-center justify-center gap-2 whitespace-nowrap rounded-md text-sm font-medium transition-[color,box-shadow,background-color] outline-none focus-visible:ring-[3px] focus-visible:ring-ring/50 disabled:pointer-events-none disabled:opacity-50 aria-invalid:border-destructive aria-invalid:ring-destructive/20 [&_svg]:pointer-events-none [&_svg]:shrink-0 [&_svg:not([class*='size-'])]:size-4",
  {
    variants: {
      variant: {
        default: "bg-primary text-primary-foreground shadow-xs hover:bg-primary/90",
        destructive:
          "bg-destructive text-destructive-foreground shadow-xs hover:bg-destructive/90 focus-visible:ring-destructive/30",
        outline:
          "border border-input bg-background shadow-xs hover:bg-accent hover:text-accent-foreground",
        secondary: "bg-secondary text-secondary-foreground shadow-xs hover:bg-secondary/80",
        ghost: "hover:bg-accent hover:text-accent-foreground",
        link: "text-primary underline-offset-4 hover:underline",
      },
      size: {
        default: "h-9 px-4 py-2 has-[>svg]:px-3",
        sm: "h-8 gap-1.5 rounded-md px-3 text-xs has-[>svg]:px-2.5",
        lg: "h-10 rounded-md px-6 has-[>svg]:px-4",
        icon: "size-9",
      },
    },
    defaultVariants: { variant: "default", size: "default" },
  },
);

/**
 * With `asChild` it styles its child, typically a link, which works before hydration. Otherwise it
 * is a `<button>` that stays disabled until hydrated (see ButtonElement), unless
 * `worksBeforeHydration` says it submits a form that needs no JavaScript.
 */
function Button({
  className,
  variant,
  size,
  asChild = false,
  type,
  worksBeforeHydration,
  ...props
}: React.ComponentProps<"button"> &
  VariantProps<typeof buttonVariants> & { asChild?: boolean; worksBeforeHydration?: boolean }) {
  const classes = cn(buttonVariants({ variant, size, className }));
  if (asChild) return <Slot.Root data-slot="button" className={classes} {...props} />;
  return (
    <ButtonElement
      data-slot="button"
      type={type ?? "button"}
      className={classes}
      worksBeforeHydration={worksBeforeHydration}
      {...props}
    />
  );
}

export { Button, buttonVariants };
