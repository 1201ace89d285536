import { PropsWithChildren } from 'react';
import {
  Link,
  Sidebar,
  sidebarConfig,
  SidebarDivider,
  SidebarItem,
  SidebarPage,
  SidebarSpace,
  useSidebarOpenState,
} from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/core-plugin-api';
import { makeStyles } from '@material-ui/core/styles';
import Typography from '@material-ui/core/Typography';
import CreateComponentIcon from '@material-ui/icons/AddCircleOutline';
import DeviceHubIcon from '@material-ui/icons/DeviceHub';
import ExitToAppIcon from '@material-ui/icons/ExitToApp';
import HomeIcon from '@material-ui/icons/Home';

const useStyles = makeStyles({
  logo: {
    height: 3 * sidebarConfig.logoHeight,
    display: 'flex',
    alignItems: 'center',
    paddingLeft: 24,
    marginBottom: -14,
  },
  link: { color: '#fff', textDecoration: 'none' },
});

/** The sidebar's title: the full name when the sidebar is open, an initial when it is collapsed. */
function SidebarLogo() {
  const classes = useStyles();
  const { isOpen } = useSidebarOpenState();
  return (
    <div className={classes.logo}>
      <Link to="/" underline="none" className={classes.link} aria-label="Home">
        <Typography variant="h5" component="span">
          {isOpen ? 'Meshport' : 'M'}
        </Typography>
      </Link>
    </div>
  );
}

/** The app frame: sidebar navigation around the routed pages. */
export function Root(props: PropsWithChildren<{}>) {
  const identityApi = useApi(identityApiRef);
  return (
    <SidebarPage>
      <Sidebar>
        <SidebarLogo />
        <SidebarDivider />
        <SidebarItem icon={HomeIcon} to="catalog" text="Catalog" />
        <SidebarItem icon={CreateComponentIcon} to="create" text="Create…" />
        <SidebarItem icon={DeviceHubIcon} to="mesh-admin" text="Mesh admin" />
        <SidebarSpace />
        <SidebarDivider />
        <SidebarItem
          icon={ExitToAppIcon}
          text="Sign out"
          onClick={() => identityApi.signOut()}
        />
      </Sidebar>
      {props.children}
    </SidebarPage>
  );
}
